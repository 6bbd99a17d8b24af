package dev.tgfsm.architecture;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes one compiled class refers to, read from its constant pool: every class entry and every
 * type named in a descriptor or generic signature (fields, methods, annotations, type arguments).
 * A reference only in javadoc or an inlined compile-time constant leaves no trace and is not seen.
 *
 * @param name the class's binary name with slashes ({@code dev/tgfsm/storage/RecordMap$Builder})
 * @param referenced the binary names (with slashes) of the classes it refers to, itself excluded
 */
public record ClassReferences(String name, Set<String> referenced) {

    /** A type named in a descriptor or signature: {@code Ldev/tgfsm/storage/FsmRecord;} or {@code ...<}. */
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

    /**
     * Reads a class file.
     *
     * @param classFile the bytes of a {@code .class} file
     * @return its name and the classes it refers to
     * @throws IOException if the bytes are not a class file
     */
    public static ClassReferences read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        in.readUnsignedShort();
        String self = utf8[classNameIndex[in.readUnsignedShort()]];
        Set<String> referenced = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            if (classNameIndex[i] != 0) {
                String entry = utf8[classNameIndex[i]];
                if (entry.startsWith("[")) {
                    addTypesIn(entry, referenced);
                }
                else {
                    referenced.add(entry);
                }
            }
            else if (utf8[i] != null) {
                addTypesIn(utf8[i], referenced);
            }
        }
        referenced.remove(self);
        return new ClassReferences(self, referenced);
    }

    private static void addTypesIn(String descriptor, Set<String> into) {
        Matcher matcher = TYPE_IN_DESCRIPTOR.matcher(descriptor);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    /**
     * Returns the package of a binary name with slashes, in dotted form.
     *
     * @param binaryName such as {@code dev/tgfsm/storage/RecordMap$Builder}
     * @return such as {@code dev.tgfsm.storage}; empty for the unnamed package
     */
    public static String packageOf(String binaryName) {
        int slash = binaryName.lastIndexOf('/');
        return slash < 0 ? "" : binaryName.substring(0, slash).replace('/', '.');
    }
}
