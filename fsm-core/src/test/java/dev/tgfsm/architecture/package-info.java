/**
 * Tests of the shape of the code: which package may use which, read from the compiled classes
 * ({@link PackageGraph}), shared with the starter's tests through the test-jar.
 */
package dev.tgfsm.architecture;
