package io.ipstream.loader.generate;

/** A synthetic source IP: the real IP whose behaviour it copies, and its own scale factor. */
public record GeneratedIp(String srcIp, String templateIp, double scale) {
    public static final String CSV_HEADER = "src_ip,template_ip,scale";

    public String toCsv() {
        return srcIp + "," + templateIp + "," + scale;
    }
}
