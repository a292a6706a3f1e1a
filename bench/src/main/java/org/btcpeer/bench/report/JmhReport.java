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
 * of {@code bench/README.md}: times, MB/s, allocation per input byte, and every figure as a ratio
 * to its baseline from the same run.
 *
 * <pre>
 *   java -cp benchmarks.jar org.btcpeer.bench.report.JmhReport RESULTS_DIR
 * </pre>
 * RESULTS_DIR holds {@code NAME.csv} and {@code NAME.load} (the load averages of that run) for
 * NAME in BlockCodec, TransportFraming, V2Handshake, MessageDecode, HeaderValidation.
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
        for (String name : List.of("BlockCodec", "TransportFraming", "V2Handshake", "MessageDecode", "HeaderValidation")) {
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

    private static String mbps(double bytes, double micros) {
        return Table.num(bytes / micros);
    }

    private static String met(boolean ok) {
        return ok ? "met" : "**missed**";
    }

    private String render() {
        StringBuilder sb = new StringBuilder();
        if (loads.containsKey("BlockCodec")) {
            sb.append("#### Block / transaction codec vs bitcoinj-core 0.17.1 (load ").append(loads.get("BlockCodec")).append(")\n\n");
            Table t = new Table("input", "operation", "btcpeer µs", "btcpeer MB/s", "btcpeer alloc B/B",
                    "baseline", "baseline µs", "baseline alloc B/B", "ratio (time)", "target");
            for (String in : List.of("block1MB", "block2MB", "megatx")) {
                double bytes = BenchData.resource(BenchData.file(in)).length;
                String b = "[" + in + "]";
                double dec = time("BlockCodec.btcpeerDecode" + b);
                double jdec = time("BlockCodec.bitcoinjDecode" + b);
                double allocPerByte = alloc("BlockCodec.btcpeerDecode" + b) / bytes;
                t.row(in, "decode", timeErr("BlockCodec.btcpeerDecode" + b), mbps(bytes, dec), Table.num(allocPerByte), "bitcoinj decode",
                        timeErr("BlockCodec.bitcoinjDecode" + b), Table.num(alloc("BlockCodec.bitcoinjDecode" + b) / bytes), Table.ratio(dec / jdec),
                        "<= 0.80x, <= 1.5 B/B: " + met(dec / jdec <= 0.8 && allocPerByte <= 1.5));
                double enc = time("BlockCodec.btcpeerEncode" + b);
                double jenc = time("BlockCodec.bitcoinjEncode" + b);
                t.row(in, "re-encode", timeErr("BlockCodec.btcpeerEncode" + b), mbps(bytes, enc), Table.num(alloc("BlockCodec.btcpeerEncode" + b) / bytes),
                        "bitcoinj serialize", timeErr("BlockCodec.bitcoinjEncode" + b), Table.num(alloc("BlockCodec.bitcoinjEncode" + b) / bytes),
                        Table.ratio(enc / jenc), "");
                double ids = time("BlockCodec.btcpeerDecodeAllIds" + b);
                double jids = time("BlockCodec.bitcoinjDecodeAllIds" + b);
                double floor = time("BlockCodec.floorDecodePlusOneHash" + b);
                t.row(in, "decode + all txids/wtxids", timeErr("BlockCodec.btcpeerDecodeAllIds" + b), mbps(bytes, ids),
                        Table.num(alloc("BlockCodec.btcpeerDecodeAllIds" + b) / bytes), "bitcoinj same",
                        timeErr("BlockCodec.bitcoinjDecodeAllIds" + b), Table.num(alloc("BlockCodec.bitcoinjDecodeAllIds" + b) / bytes),
                        Table.ratio(ids / jids) + " (" + Table.num(jids / ids) + "x faster)",
                        ">= 2.5x faster: " + met(jids / ids >= 2.5));
                t.row(in, "decode + all txids/wtxids", Table.num(ids), mbps(bytes, ids), "", "floor: decode + one SHA-256d pass",
                        timeErr("BlockCodec.floorDecodePlusOneHash" + b), Table.num(alloc("BlockCodec.floorDecodePlusOneHash" + b) / bytes),
                        Table.ratio(ids / floor), "<= 1.2x floor: " + met(ids / floor <= 1.2));
                double sha = time("BlockCodec.sha256dOnly" + b);
                t.row(in, "(one SHA-256d pass only)", Table.num(sha), mbps(bytes, sha), "", "", "", "", "", "");
            }
            sb.append(t).append('\n');
        }
        if (loads.containsKey("TransportFraming")) {
            sb.append("#### Transport framing, encode + decode of one message (load ").append(loads.get("TransportFraming")).append(")\n\n");
            Table t = new Table("payload", "v1 µs", "v1 MB/s", "v1 alloc B/B", "v2 µs", "v2 MB/s", "v2 alloc B/B",
                    "bare AEAD µs", "bare AEAD MB/s", "v2 / AEAD throughput", "target",
                    "AEAD, fresh arrays µs", "v2 / that");
            for (String size : List.of("64", "1024", "65536", "1048576")) {
                double bytes = Double.parseDouble(size);
                String b = "[" + size + "]";
                double v1 = time("TransportFraming.v1EncodeDecode" + b);
                double v2 = time("TransportFraming.v2EncryptDecrypt" + b);
                double aead = time("TransportFraming.bareAeadEncryptDecrypt" + b);
                t.row(size + " B", timeErr("TransportFraming.v1EncodeDecode" + b), mbps(bytes, v1), Table.num(alloc("TransportFraming.v1EncodeDecode" + b) / bytes),
                        timeErr("TransportFraming.v2EncryptDecrypt" + b), mbps(bytes, v2), Table.num(alloc("TransportFraming.v2EncryptDecrypt" + b) / bytes),
                        timeErr("TransportFraming.bareAeadEncryptDecrypt" + b), mbps(bytes, aead), Table.ratio(aead / v2), ">= 0.90x: " + met(aead / v2 >= 0.9),
                        timeErr("TransportFraming.bareAeadFreshArrays" + b), Table.ratio(time("TransportFraming.bareAeadFreshArrays" + b) / v2));
            }
            sb.append(t).append('\n');
        }
        if (loads.containsKey("V2Handshake")) {
            sb.append("#### BIP-324 handshake CPU cost (load ").append(loads.get("V2Handshake")).append(")\n\n");
            Table t = new Table("step", "bouncycastle µs", "alloc B", "libsecp256k1 µs", "alloc B", "BC / native (time)", "target");
            for (String m : List.of("ellswiftEncode", "ellswiftDecode", "ecdh", "oneSideKeyExchange", "keyDerivation",
                    "fullHandshakeBothSides")) {
                String bc = "V2Handshake." + m + "[bouncycastle]";
                String nat = "V2Handshake." + m + "[libsecp256k1]";
                String target = switch (m) {
                    case "oneSideKeyExchange" -> "native <= 100 µs, <= 8 KB: "
                            + met(time(nat) <= 100 && alloc(nat) <= 8192);
                    default -> "";
                };
                t.row(m, timeErr(bc), Table.num(alloc(bc)), timeErr(nat), Table.num(alloc(nat)),
                        Table.ratio(time(bc) / time(nat)), target);
            }
            double fullBc = time("V2Handshake.fullHandshakeBothSides[bouncycastle]");
            double fullNat = time("V2Handshake.fullHandshakeBothSides[libsecp256k1]");
            t.row("per side (full / 2)", Table.num(fullBc / 2), "", Table.num(fullNat / 2), "", "", "");
            t.row("handshakes/s per core, one side", Table.num(1e6 / (fullBc / 2)), "", Table.num(1e6 / (fullNat / 2)), "", "", "");
            sb.append(t).append('\n');
        }
        if (loads.containsKey("MessageDecode")) {
            sb.append("#### headers / inv decode (load ").append(loads.get("MessageDecode")).append(")\n\n");
            Table t = new Table("message", "bytes", "decode µs", "MB/s", "alloc B/B", "baseline: copy µs", "ratio (time)");
            double hb = BenchData.headersPayload(2000).length;
            double ib = BenchData.invPayload(50_000).length;
            double h = time("MessageDecode.headers2000");
            double i = time("MessageDecode.inv50000");
            t.row("headers (2,000)", Table.num(hb), Table.num(h), mbps(hb, h), Table.num(alloc("MessageDecode.headers2000") / hb),
                    Table.num(time("MessageDecode.headers2000Copy")), Table.ratio(h / time("MessageDecode.headers2000Copy")));
            t.row("inv (50,000)", Table.num(ib), Table.num(i), mbps(ib, i), Table.num(alloc("MessageDecode.inv50000") / ib),
                    Table.num(time("MessageDecode.inv50000Copy")), Table.ratio(i / time("MessageDecode.inv50000Copy")));
            sb.append(t).append('\n');
        }
        if (loads.containsKey("HeaderValidation")) {
            sb.append("#### header validation, 8,064 real mainnet headers (load ").append(loads.get("HeaderValidation")).append(")\n\n");
            Table t = new Table("what", "µs", "headers/s", "ratio (time)");
            double v = time("HeaderValidation.validate8064");
            double h = time("HeaderValidation.doubleSha256Only");
            t.row("decode + full contextual validation", timeErr("HeaderValidation.validate8064"), Table.num(8064 / v * 1e6), Table.ratio(v / h));
            t.row("baseline: double SHA-256 only", timeErr("HeaderValidation.doubleSha256Only"), Table.num(8064 / h * 1e6), "");
            sb.append(t).append('\n');
        }
        return sb.toString();
    }
}
