package org.btcpeer.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.btcpeer.bench.BenchData;
import org.btcpeer.bench.Table;

/**
 * Turns the CSV files of the JMH runs ({@code -rf csv}, with {@code -prof gc}) into the tables
 * of {@code bench/README.md}: times with their 99.9 % error, MB/s, allocation per input byte, and
 * every figure as a ratio to its baseline from the same run, with the range the two error bars
 * allow ({@link Ratio}); a target is met only if the whole range meets it.
 *
 * <pre>
 *   java -cp benchmarks.jar org.btcpeer.bench.report.JmhReport RESULTS_DIR
 * </pre>
 * RESULTS_DIR holds {@code NAME.csv} and {@code NAME.load} (the load averages of that run) for
 * NAME in BlockCodec, TransportFraming, V2Handshake, MessageDecode, HeaderValidation, Filter, CompactBlock.
 */
public final class JmhReport {

    private final Map<String, double[]> scores = new HashMap<>(); // key -> {time us/op, alloc B/op, error}
    private final Map<String, String> loads = new HashMap<>();

    private JmhReport() {
    }

    /**
     * Prints the tables.
     *
     * @param args the results directory
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/results");
        JmhReport r = new JmhReport();
        for (String name : List.of("BlockCodec", "TransportFraming", "V2Handshake", "MessageDecode", "HeaderValidation",
                "Filter", "CompactBlock")) {
            Path csv = dir.resolve(name + ".csv");
            if (Files.exists(csv)) {
                r.read(csv);
                Path load = dir.resolve(name + ".load");
                r.loads.put(name, Files.exists(load) ? Files.readString(load).strip() : "?");
            }
        }
        System.out.print(r.render());
    }

    private void read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> head = split(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = split(line);
            String bench = f.get(0);
            String metric = "";
            int colon = bench.indexOf(':');
            if (colon >= 0) {
                metric = bench.substring(colon + 1);
                bench = bench.substring(0, colon);
            }
            String shortName = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1)
                    .replace("Benchmark.", ".");
            StringBuilder key = new StringBuilder(shortName);
            for (int i = 7; i < f.size() && i < head.size(); i++) {
                if (!f.get(i).isEmpty()) {
                    key.append('[').append(f.get(i)).append(']');
                }
            }
            double score = Double.parseDouble(f.get(4));
            double[] s = scores.computeIfAbsent(key.toString(), k -> new double[] {Double.NaN, Double.NaN, Double.NaN});
            if (metric.isEmpty()) {
                s[0] = score;
                s[2] = f.get(5).equals("NaN") ? Double.NaN : Double.parseDouble(f.get(5));
            } else if (metric.equals("gc.alloc.rate.norm")) {
                s[1] = score;
            }
        }
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        for (String s : line.split(",", -1)) {
            out.add(s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2 ? s.substring(1, s.length() - 1) : s);
        }
        return out;
    }

    private double time(String key) {
        double[] s = scores.get(key);
        return s == null ? Double.NaN : s[0];
    }

    /** The time with its 99.9% error, as "214 ±12". */
    private String timeErr(String key) {
        double[] s = scores.get(key);
        if (s == null) {
            return "n/a";
        }
        return Table.num(s[0]) + (Double.isNaN(s[2]) ? "" : " ±" + Table.num(s[2]));
    }

    private double alloc(String key) {
        double[] s = scores.get(key);
        return s == null ? Double.NaN : s[1];
    }

    private double err(String key) {
        double[] s = scores.get(key);
        return s == null ? Double.NaN : s[2];
    }

    /** The ratio of two scores with the range their error bars allow. */
    private Ratio ratio(String a, String b) {
        return Ratio.of(time(a), err(a), time(b), err(b));
    }

    /** "At most {@code limit} µs", judged on the score's whole interval. */
    private String atMostMicros(String key, double limit) {
        double t = time(key);
        double e = Double.isNaN(err(key)) ? 0 : err(key);
        return Double.isNaN(t) ? "n/a" : t + e <= limit ? "met" : t - e > limit ? "**missed**" : "inconclusive";
    }

    /** A limit on a single measured value (an allocation), without error bars. */
    private static String atMost(double value, double limit) {
        return Double.isNaN(value) ? "n/a" : value <= limit ? "met" : "**missed**";
    }

    private static String mbps(double bytes, double micros) {
        return Table.num(bytes / micros);
    }

    private String render() {
        StringBuilder sb = new StringBuilder();
        if (loads.containsKey("BlockCodec")) {
            sb.append("#### Block / transaction codec vs bitcoinj-core 0.17.1 (load ").append(loads.get("BlockCodec")).append(")\n\n");
            Table t = new Table("input", "operation", "btcpeer µs", "btcpeer MB/s", "btcpeer alloc B/B",
                    "baseline", "baseline µs", "baseline alloc B/B", "ratio (time) [range]", "target");
            for (String in : List.of("block1MB", "block2MB", "megatx")) {
                double bytes = BenchData.resource(BenchData.file(in)).length;
                String b = "[" + in + "]";
                String dec = "BlockCodec.btcpeerDecode" + b;
                String jdec = "BlockCodec.bitcoinjDecode" + b;
                double allocPerByte = alloc(dec) / bytes;
                Ratio decode = ratio(dec, jdec);
                t.row(in, "decode", timeErr(dec), mbps(bytes, time(dec)), Table.num(allocPerByte), "bitcoinj decode",
                        timeErr(jdec), Table.num(alloc(jdec) / bytes), decode,
                        "<= 0.80x: " + decode.atMost(0.8) + "; <= 1.5 B/B: " + atMost(allocPerByte, 1.5));
                String enc = "BlockCodec.btcpeerEncodeConstructed" + b;
                String jenc = "BlockCodec.bitcoinjEncode" + b;
                t.row(in, "encode (built with the constructors)", timeErr(enc), mbps(bytes, time(enc)), Table.num(alloc(enc) / bytes),
                        "bitcoinj serialize", timeErr(jenc), Table.num(alloc(jenc) / bytes), ratio(enc, jenc), "");
                String copy = "BlockCodec.btcpeerCopyRetained" + b;
                t.row(in, "copy of a decoded value's retained bytes (not an encoder)", timeErr(copy), mbps(bytes, time(copy)),
                        Table.num(alloc(copy) / bytes), "", "", "", "", "");
                String ids = "BlockCodec.btcpeerDecodeAllIds" + b;
                String jids = "BlockCodec.bitcoinjDecodeAllIds" + b;
                String floor = "BlockCodec.floorDecodePlusOneHash" + b;
                Ratio faster = ratio(ids, jids).inverse();
                t.row(in, "decode + all txids/wtxids", timeErr(ids), mbps(bytes, time(ids)), Table.num(alloc(ids) / bytes),
                        "bitcoinj same", timeErr(jids), Table.num(alloc(jids) / bytes),
                        ratio(ids, jids) + " (" + faster + " faster)", ">= 2.5x faster: " + faster.atLeast(2.5));
                Ratio toFloor = ratio(ids, floor);
                t.row(in, "decode + all txids/wtxids", timeErr(ids), mbps(bytes, time(ids)), "", "floor: decode + one SHA-256d pass",
                        timeErr(floor), Table.num(alloc(floor) / bytes), toFloor, "<= 1.2x floor: " + toFloor.atMost(1.2));
                String sha = "BlockCodec.sha256dOnly" + b;
                t.row(in, "(one SHA-256d pass only)", timeErr(sha), mbps(bytes, time(sha)), "", "", "", "", "", "");
            }
            sb.append(t).append('\n');
        }
        if (loads.containsKey("TransportFraming")) {
            sb.append("#### Transport framing, encode + decode of one message (load ").append(loads.get("TransportFraming")).append(")\n\n");
            Table t = new Table("payload", "v1 µs", "v1 MB/s", "v1 alloc B/B", "v2 µs", "v2 MB/s", "v2 alloc B/B",
                    "JDK AEAD µs", "v2 / JDK AEAD throughput [range]", "same-engine AEAD µs",
                    "v2 / same-engine throughput [range]", "target >= 0.90x", "AEAD, fresh arrays µs", "v2 / that");
            for (String size : List.of("64", "1024", "65536", "1048576")) {
                double bytes = Double.parseDouble(size);
                String b = "[" + size + "]";
                String v1 = "TransportFraming.v1EncodeDecode" + b;
                String v2 = "TransportFraming.v2EncryptDecrypt" + b;
                String jdk = "TransportFraming.bareAeadEncryptDecrypt" + b;
                String same = "TransportFraming.bareSameEngineEncryptDecrypt" + b;
                String fresh = "TransportFraming.bareAeadFreshArrays" + b;
                Ratio vsJdk = ratio(jdk, v2);
                Ratio vsSame = ratio(same, v2);
                t.row(size + " B", timeErr(v1), mbps(bytes, time(v1)), Table.num(alloc(v1) / bytes),
                        timeErr(v2), mbps(bytes, time(v2)), Table.num(alloc(v2) / bytes),
                        timeErr(jdk), vsJdk, timeErr(same), vsSame,
                        "vs JDK: " + vsJdk.atLeast(0.9) + "; vs same engine: " + vsSame.atLeast(0.9),
                        timeErr(fresh), ratio(fresh, v2));
            }
            sb.append(t).append('\n');
        }
        if (loads.containsKey("V2Handshake")) {
            sb.append("#### BIP-324 handshake CPU cost (load ").append(loads.get("V2Handshake")).append(")\n\n");
            Table t = new Table("step", "bouncycastle µs", "alloc B", "libsecp256k1 µs", "alloc B", "BC / native (time) [range]", "target");
            for (String m : List.of("ellswiftEncode", "ellswiftDecode", "ecdh", "oneSideKeyExchange", "keyDerivation",
                    "fullHandshakeBothSides")) {
                String bc = "V2Handshake." + m + "[bouncycastle]";
                String nat = "V2Handshake." + m + "[libsecp256k1]";
                String target = switch (m) {
                    case "oneSideKeyExchange" -> "native <= 100 µs: " + atMostMicros(nat, 100)
                            + "; <= 8 KB: " + atMost(alloc(nat), 8192);
                    default -> "";
                };
                t.row(m, timeErr(bc), Table.num(alloc(bc)), timeErr(nat), Table.num(alloc(nat)), ratio(bc, nat), target);
            }
            double fullBc = time("V2Handshake.fullHandshakeBothSides[bouncycastle]");
            double fullNat = time("V2Handshake.fullHandshakeBothSides[libsecp256k1]");
            t.row("per side (full / 2)", Table.num(fullBc / 2), "", Table.num(fullNat / 2), "", "", "");
            t.row("handshakes/s per core, one side", Table.num(1e6 / (fullBc / 2)), "", Table.num(1e6 / (fullNat / 2)), "", "", "");
            sb.append(t).append('\n');
        }
        if (loads.containsKey("MessageDecode")) {
            sb.append("#### headers / inv decode (load ").append(loads.get("MessageDecode")).append(")\n\n");
            Table t = new Table("message", "bytes", "decode µs", "MB/s", "alloc B/B", "baseline: copy µs", "ratio (time) [range]");
            double hb = BenchData.headersPayload(2000).length;
            double ib = BenchData.invPayload(50_000).length;
            double h = time("MessageDecode.headers2000");
            double i = time("MessageDecode.inv50000");
            t.row("headers (2,000)", Table.num(hb), timeErr("MessageDecode.headers2000"), mbps(hb, h), Table.num(alloc("MessageDecode.headers2000") / hb),
                    timeErr("MessageDecode.headers2000Copy"), ratio("MessageDecode.headers2000", "MessageDecode.headers2000Copy"));
            t.row("inv (50,000)", Table.num(ib), timeErr("MessageDecode.inv50000"), mbps(ib, i), Table.num(alloc("MessageDecode.inv50000") / ib),
                    timeErr("MessageDecode.inv50000Copy"), ratio("MessageDecode.inv50000", "MessageDecode.inv50000Copy"));
            sb.append(t).append('\n');
        }
        if (loads.containsKey("HeaderValidation")) {
            sb.append("#### header validation, 8,064 real mainnet headers (load ").append(loads.get("HeaderValidation")).append(")\n\n");
            Table t = new Table("what", "µs", "headers/s", "ratio (time) [range]");
            double v = time("HeaderValidation.validate8064");
            double h = time("HeaderValidation.doubleSha256Only");
            t.row("decode + full contextual validation", timeErr("HeaderValidation.validate8064"), Table.num(8064 / v * 1e6),
                    ratio("HeaderValidation.validate8064", "HeaderValidation.doubleSha256Only"));
            t.row("baseline: double SHA-256 only", timeErr("HeaderValidation.doubleSha256Only"), Table.num(8064 / h * 1e6), "");
            sb.append(t).append('\n');
        }
        if (loads.containsKey("Filter")) {
            sb.append("#### BIP-158 filter of mainnet block 413,567 (load ").append(loads.get("Filter")).append(")\n\n");
            Table t = new Table("what", "µs", "alloc B", "baseline", "baseline µs", "ratio (time) [range]", "target");
            t.row("build the filter (stand-in spent scripts)", timeErr("Filter.build"), Table.num(alloc("Filter.build")),
                    "SHA256d over its elements", timeErr("Filter.hashElementsBaseline"),
                    ratio("Filter.build", "Filter.hashElementsBaseline"), "<= 5 ms: " + atMostMicros("Filter.build", 5_000));
            t.row("match 100 absent scripts", timeErr("Filter.matchAny100"), Table.num(alloc("Filter.matchAny100")),
                    "SHA256d over the filter", timeErr("Filter.hashFilterBaseline"),
                    ratio("Filter.matchAny100", "Filter.hashFilterBaseline"), "<= 1 ms: " + atMostMicros("Filter.matchAny100", 1_000));
            sb.append(t).append('\n');
        }
        if (loads.containsKey("CompactBlock")) {
            sb.append("#### BIP-152 reconstruction of a 2,000-tx block (load ").append(loads.get("CompactBlock")).append(")\n\n");
            Table t = new Table("what", "µs", "alloc B", "baseline", "baseline µs", "ratio (time) [range]", "target");
            t.row("reconstruct from a pool holding every tx", timeErr("CompactBlock.reconstructFromPool"),
                    Table.num(alloc("CompactBlock.reconstructFromPool")), "decode the block + merkle root",
                    timeErr("CompactBlock.decodeBlockAndMerkleRoot"),
                    ratio("CompactBlock.reconstructFromPool", "CompactBlock.decodeBlockAndMerkleRoot"),
                    "<= 1 ms: " + atMostMicros("CompactBlock.reconstructFromPool", 1_000));
            t.row("(pool match only)", timeErr("CompactBlock.matchPoolOnly"), Table.num(alloc("CompactBlock.matchPoolOnly")),
                    "", "", "", "");
            sb.append(t).append('\n');
        }
        return sb.toString();
    }
}
