package dev.opendrive.testing;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

/** Small real files of the kinds users upload, made in the test (nothing checked in). */
public final class SampleFiles {

    /**
     * A 64x48 lossy WebP: a format the JDK cannot read, so a thumbnail of it proves the
     * TwelveMonkeys ImageIO plugins made it into the packaged app.
     */
    private static final String WEBP_64X48 = "UklGRoQAAABXRUJQVlA4IHgAAADQBQCdASpAADAAPjESh0KiIQyqABABglAGZmtn8A/"
            + "ADXyuAfgB+tf8Ar/wHie9+JmWzJdW6VAAAP73ohQBs/301sTje9l/wnVXmPKRdUHe/5aA2F9sv/oDmQf8mrrY9+4W+Mrf9JM/"
            + "//UfrAsisqttiYGdNVIAAAA=";

    private SampleFiles() {
    }

    /** A photo-sized JPEG (a colour gradient). */
    public static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image, "jpg");
    }

    /** A PNG, left half red, right half green, so a thumbnail's colours can be checked. */
    public static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.GREEN);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return encode(image, "png");
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] webp() {
        return Base64.getDecoder().decode(WEBP_64X48);
    }

    /** Decodes an image the app produced (a thumbnail); fails when it is not an image. */
    public static BufferedImage image(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new AssertionError("not an image ImageIO can read (" + bytes.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A one-page PDF 1.4 whose page shows {@code text} (ASCII letters, digits and spaces) in
     * Helvetica: the smallest file a PDF reader extracts text from.
     */
    public static byte[] pdf(String text) {
        if (!text.matches("[A-Za-z0-9 ]*")) {
            throw new IllegalArgumentException("letters, digits and spaces only: " + text);
        }
        String content = "BT /F1 18 Tf 72 720 Td (" + text + ") Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        offsets.forEach(o -> pdf.append(String.format("%010d 00000 n \n", o)));
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
