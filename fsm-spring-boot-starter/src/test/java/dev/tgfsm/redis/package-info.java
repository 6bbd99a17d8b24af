/**
 * Integration tests of the Redis backend against real Redis servers, standalone and Cluster.
 */
package dev.tgfsm.redis;
