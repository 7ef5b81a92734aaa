package dev.samsa.generator;

import dev.samsa.generator.FieldType.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits the code that reads, sizes or writes one value of a field type, for {@link MessageClassWriter}: fixed-size
 * primitives, strings, bytes, records, structs and arrays, with compact (flexible versions, KIP-482) or classic
 * length prefixes and null markers. Each choice that depends on the version becomes a condition on
 * {@code version}, folded to a constant where the surrounding code already pins it down. The emitted code uses the
 * locals {@code in} or {@code out} and {@code version}, and fresh names for everything else.
 */
final class WireCodeEmitter {
    private final CodeWriter cw;

    WireCodeEmitter(CodeWriter cw) {
        this.cw = cw;
    }

    /** A Java condition on {@code version} that holds in {@code v} for versions in {@code ctx}; folded to literals. */
    static String cond(Versions v, Versions ctx) {
        Versions i = v.intersect(ctx);
        if (i.isEmpty()) {
            return "false";
        }
        if (i.containsAll(ctx)) {
            return "true";
        }
        List<String> parts = new ArrayList<>(2);
        if (i.lowest() > ctx.lowest()) {
            parts.add("version >= " + i.lowest());
        }
        if (i.highest() < ctx.highest()) {
            parts.add("version <= " + i.highest());
        }
        return String.join(" && ", parts);
    }

    /** The negation of {@link #cond}, as a condition that holds for versions in {@code ctx} outside {@code v}. */
    static String notCond(Versions v, Versions ctx) {
        Versions i = v.intersect(ctx);
        if (i.isEmpty()) {
            return "true";
        }
        if (i.containsAll(ctx)) {
            return "false";
        }
        List<String> parts = new ArrayList<>(2);
        if (i.lowest() > ctx.lowest()) {
            parts.add("version < " + i.lowest());
        }
        if (i.highest() < ctx.highest()) {
            parts.add("version > " + i.highest());
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" || ", parts) + ")";
    }

    /**
     * Emits the statements that read one value of {@code type} and returns the expression holding it.
     *
     * @param ctx the versions in which this code can run
     * @param compactVersions versions that use compact (varint) lengths
     * @param nullableVersions versions in which null is allowed
     */
    String emitRead(FieldType type, Versions ctx, Versions compactVersions,
            Versions nullableVersions, String label) {
        String q = "\"" + label + "\"";
        if (type.kind().fixedSize > 0) {
            cw.line("ByteBufs.requireReadable(in, " + type.kind().fixedSize + ", " + q + ");");
            return switch (type.kind()) {
                case BOOL -> "in.readByte() != 0";
                case INT8 -> "in.readByte()";
                case INT16 -> "in.readShort()";
                case UINT16 -> "in.readUnsignedShort()";
                case INT32 -> "in.readInt()";
                case UINT32 -> "in.readUnsignedInt()";
                case INT64 -> "in.readLong()";
                case FLOAT64 -> "in.readDouble()";
                case UUID -> "new java.util.UUID(in.readLong(), in.readLong())";
                default -> throw new IllegalStateException(type.toString());
            };
        }
        String nullable = cond(nullableVersions, ctx);
        if (type.isStruct()) {
            String read = type.structName() + ".read(in, version)";
            if (nullable.equals("false")) {
                return read;
            }
            String v = cw.fresh("struct");
            cw.line(type.structName() + " " + v + " = null;");
            cw.ifElse(nullable, () -> {
                cw.line("ByteBufs.requireReadable(in, 1, " + q + ");");
                cw.open("if (in.readByte() >= 0)");
                cw.line(v + " = " + read + ";");
                cw.close();
            }, () -> cw.line(v + " = " + read + ";"));
            return v;
        }
        // A length or count: varint + 1 in compact versions, else int16 (strings) or int32.
        String len = cw.fresh(type.isArray() ? "count" : "length");
        String wide = type.kind() == Kind.STRING ? "2" : "4";
        String readWide = type.kind() == Kind.STRING ? "in.readShort()" : "in.readInt()";
        cw.line("int " + len + ";");
        cw.ifElse(cond(compactVersions, ctx),
                () -> cw.line(len + " = ByteBufs.readUnsignedVarint(in, " + q + ") - 1;"),
                () -> {
                    cw.line("ByteBufs.requireReadable(in, " + wide + ", " + q + ");");
                    cw.line(len + " = " + readWide + ";");
                });
        String v = cw.fresh("value");
        cw.line(type.javaType() + " " + v + ";");
        cw.open("if (" + len + " < 0)");
        cw.ifElse(nullable, () -> cw.line(v + " = null;"),
                () -> cw.line("throw new ProtocolException(" + q + " + \": null, which version \" + version"
                        + " + \" does not allow\");"));
        cw.reopen("else");
        switch (type.kind()) {
            case STRING -> {
                // An int16 length cannot exceed the limit; a compact one can.
                if (!cond(compactVersions, ctx).equals("false")) {
                    cw.open("if (" + len + " > Short.MAX_VALUE)");
                    cw.line("throw new ProtocolException(" + q + " + \": string length \" + " + len
                            + " + \" exceeds \" + Short.MAX_VALUE);");
                    cw.close();
                }
                cw.line(v + " = ByteBufs.readUtf8(in, " + len + ", " + q + ");");
            }
            case BYTES -> {
                cw.line("ByteBufs.requireReadable(in, " + len + ", " + q + ");");
                cw.line(v + " = new byte[" + len + "];");
                cw.line("in.readBytes(" + v + ");");
            }
            case RECORDS -> {
                cw.line("ByteBufs.requireReadable(in, " + len + ", " + q + ");");
                cw.line(v + " = ByteBufs.readRecords(in, " + len + ");");
            }
            case ARRAY -> {
                // Every element takes at least one byte in all but degenerate structs, so the readable bytes
                // bound the count (the same bound Kafka's own decoder applies).
                cw.line("ByteBufs.requireReadable(in, " + len + ", " + q + ");");
                cw.line("List<" + type.element().boxedType() + "> " + v + "List = new ArrayList<>(" + len + ");");
                String i = cw.fresh("i");
                cw.open("for (int " + i + " = 0; " + i + " < " + len + "; " + i + "++)");
                String e = emitRead(type.element(), ctx, compactVersions, Versions.NONE, label);
                cw.line(v + "List.add(" + e + ");");
                cw.close();
                cw.line(v + " = " + v + "List;");
            }
            default -> throw new IllegalStateException(type.toString());
        }
        cw.close();
        return v;
    }

    private void emitNullFailure(Versions nullableVersions, String label) {
        if (nullableVersions.isEmpty()) {
            cw.line("throw new NullPointerException(\"" + label + " must be set before the message is written\");");
        } else {
            cw.line("throw new UnsupportedVersionException(\"" + label + ": null, which version \" + version"
                    + " + \" does not allow (nullable in versions " + nullableVersions + ")\");");
        }
    }

    /**
     * Emits statements adding the encoded size of {@code expr} to {@code acc}.
     *
     * @param mayBeNull whether {@code expr} can be null at run time
     */
    void emitSize(FieldType type, String expr, String acc, Versions ctx,
            Versions compactVersions, Versions nullableVersions, boolean mayBeNull, String label) {
        Kind kind = type.kind();
        if (kind.fixedSize > 0) {
            cw.line(acc + " += " + kind.fixedSize + ";");
            return;
        }
        String compact = cond(compactVersions, ctx);
        String nullable = cond(nullableVersions, ctx);
        Runnable nonNull = () -> {
            switch (kind) {
                case STRING -> {
                    String len = cw.fresh("length");
                    cw.line("int " + len + " = ByteBufs.utf8Length(" + expr + ");");
                    emitStringLimit(len, label);
                    cw.line(acc + " += " + lengthPrefixSize(compact, len, "2") + " + " + len + ";");
                }
                case BYTES, RECORDS -> {
                    String len = cw.fresh("length");
                    cw.line("int " + len + " = " + expr + (kind == Kind.BYTES ? ".length" : ".readableBytes()")
                            + ";");
                    cw.line(acc + " += " + lengthPrefixSize(compact, len, "4") + " + " + len + ";");
                }
                case STRUCT -> {
                    if (!nullable.equals("false")) {
                        cw.ifElse(nullable, () -> cw.line(acc + " += 1;"), null);
                    }
                    cw.line(acc + " += " + expr + ".size(version);");
                }
                case ARRAY -> {
                    String list = cw.fresh("list");
                    String n = cw.fresh("n");
                    cw.line("List<" + type.element().boxedType() + "> " + list + " = " + expr + ";");
                    cw.line("int " + n + " = " + list + ".size();");
                    cw.line(acc + " += " + lengthPrefixSize(compact, n, "4") + ";");
                    FieldType el = type.element();
                    if (el.kind().fixedSize > 0) {
                        cw.line(acc + " += " + n + " * " + el.kind().fixedSize + ";");
                    } else {
                        String i = cw.fresh("i");
                        cw.open("for (int " + i + " = 0; " + i + " < " + n + "; " + i + "++)");
                        String e = cw.fresh("element");
                        cw.line(el.javaType() + " " + e + " = " + list + ".get(" + i + ");");
                        emitSize(el, e, acc, ctx, compactVersions, Versions.NONE, false, label);
                        cw.close();
                    }
                }
                default -> throw new IllegalStateException(type.toString());
            }
        };
        if (!mayBeNull) {
            nonNull.run();
            return;
        }
        cw.open("if (" + expr + " == null)");
        cw.ifElse(nullable, () -> {
            if (kind == Kind.STRUCT) {
                cw.line(acc + " += 1;");
            } else {
                String wide = kind == Kind.STRING ? "2" : "4";
                cw.line(acc + " += " + (compact.equals("true") ? "1" : compact.equals("false") ? wide
                        : "(" + compact + " ? 1 : " + wide + ")") + ";");
            }
        }, () -> emitNullFailure(nullableVersions, label));
        cw.reopen("else");
        nonNull.run();
        cw.close();
    }

    private static String lengthPrefixSize(String compact, String len, String wide) {
        String varint = "ByteBufs.sizeOfUnsignedVarint(" + len + " + 1)";
        if (compact.equals("true")) {
            return varint;
        }
        if (compact.equals("false")) {
            return wide;
        }
        return "(" + compact + " ? " + varint + " : " + wide + ")";
    }

    private void emitStringLimit(String len, String label) {
        cw.open("if (" + len + " > Short.MAX_VALUE)");
        cw.line("throw new IllegalArgumentException(\"" + label + ": \" + " + len
                + " + \" UTF-8 bytes, more than the \" + Short.MAX_VALUE + \" a Kafka string can hold\");");
        cw.close();
    }

    /** Emits statements writing {@code expr} to {@code out}. Parameters as {@link #emitSize}. */
    void emitWrite(FieldType type, String expr, Versions ctx, Versions compactVersions,
            Versions nullableVersions, boolean mayBeNull, String label) {
        Kind kind = type.kind();
        switch (kind) {
            case BOOL -> cw.line("out.writeByte(" + expr + " ? 1 : 0);");
            case INT8 -> cw.line("out.writeByte(" + expr + ");");
            case INT16, UINT16 -> cw.line("out.writeShort(" + expr + ");");
            case INT32 -> cw.line("out.writeInt(" + expr + ");");
            case UINT32 -> cw.line("out.writeInt((int) " + expr + ");");
            case INT64 -> cw.line("out.writeLong(" + expr + ");");
            case FLOAT64 -> cw.line("out.writeDouble(" + expr + ");");
            case UUID -> cw.line("ByteBufs.writeUuid(out, " + expr + ");");
            default -> {
            }
        }
        if (kind.fixedSize > 0) {
            return;
        }
        String compact = cond(compactVersions, ctx);
        String nullable = cond(nullableVersions, ctx);
        Runnable nonNull = () -> {
            switch (kind) {
                case STRING -> {
                    String len = cw.fresh("length");
                    cw.line("int " + len + " = ByteBufs.utf8Length(" + expr + ");");
                    emitStringLimit(len, label);
                    emitLengthPrefix(compact, len, "out.writeShort(" + len + ");");
                    cw.line("ByteBufs.writeUtf8(out, " + expr + ", " + len + ");");
                }
                case BYTES -> {
                    emitLengthPrefix(compact, expr + ".length", "out.writeInt(" + expr + ".length);");
                    cw.line("out.writeBytes(" + expr + ");");
                }
                case RECORDS -> {
                    String len = cw.fresh("length");
                    cw.line("int " + len + " = " + expr + ".readableBytes();");
                    emitLengthPrefix(compact, len, "out.writeInt(" + len + ");");
                    cw.line("ByteBufs.writeRecords(out, " + expr + ");");
                }
                case STRUCT -> {
                    if (!nullable.equals("false")) {
                        cw.ifElse(nullable, () -> cw.line("out.writeByte(1);"), null);
                    }
                    cw.line(expr + ".write(out, version);");
                }
                case ARRAY -> {
                    String list = cw.fresh("list");
                    String n = cw.fresh("n");
                    cw.line("List<" + type.element().boxedType() + "> " + list + " = " + expr + ";");
                    cw.line("int " + n + " = " + list + ".size();");
                    emitLengthPrefix(compact, n, "out.writeInt(" + n + ");");
                    String i = cw.fresh("i");
                    cw.open("for (int " + i + " = 0; " + i + " < " + n + "; " + i + "++)");
                    FieldType el = type.element();
                    String e = cw.fresh("element");
                    cw.line(el.javaType() + " " + e + " = " + list + ".get(" + i + ");");
                    emitWrite(el, e, ctx, compactVersions, Versions.NONE, false, label);
                    cw.close();
                }
                default -> throw new IllegalStateException(type.toString());
            }
        };
        if (!mayBeNull) {
            nonNull.run();
            return;
        }
        cw.open("if (" + expr + " == null)");
        cw.ifElse(nullable, () -> {
            if (kind == Kind.STRUCT) {
                cw.line("out.writeByte(-1);");
            } else {
                String wide = kind == Kind.STRING ? "out.writeShort(-1);" : "out.writeInt(-1);";
                cw.ifElse(compact, () -> cw.line("out.writeByte(0); // varint 0: null"), () -> cw.line(wide));
            }
        }, () -> emitNullFailure(nullableVersions, label));
        cw.reopen("else");
        nonNull.run();
        cw.close();
    }

    private void emitLengthPrefix(String compact, String len, String wideStatement) {
        cw.ifElse(compact, () -> cw.line("ByteBufs.writeUnsignedVarint(out, " + len + " + 1);"),
                () -> cw.line(wideStatement));
    }
}
