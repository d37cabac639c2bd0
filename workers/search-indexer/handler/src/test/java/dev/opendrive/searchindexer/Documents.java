package dev.opendrive.searchindexer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Small but valid documents built in memory: Office Open XML and OpenDocument packages (the parts,
 * content types and relationships an Office reader needs, nothing more) and PDFs. Used by the
 * tests and by bench/search/ExtractionBench.
 */
public final class Documents {

    public static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    public static final String A = "http://schemas.openxmlformats.org/drawingml/2006/main";
    public static final String P = "http://schemas.openxmlformats.org/presentationml/2006/main";
    public static final String S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String PR = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String CT = "http://schemas.openxmlformats.org/package/2006/content-types";
    private static final String OFFICE_DOCUMENT = R + "/officeDocument";

    private Documents() {
    }

    /** A .docx: {@code body} is the content of {@code <w:body>}; a footer part when {@code footer} is not null. */
    public static byte[] docx(String body, String footer) throws IOException {
        List<String> parts = new ArrayList<>();
        String main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
        parts.add("[Content_Types].xml");
        parts.add(contentTypes(new String[][] { { "/word/document.xml", main + ".document.main+xml" },
                footer == null ? null : new String[] { "/word/footer1.xml", main + ".footer+xml" } }));
        parts.add("_rels/.rels");
        parts.add(rels(new String[][] { { "rId1", OFFICE_DOCUMENT, "word/document.xml" } }));
        parts.add("word/_rels/document.xml.rels");
        parts.add(rels(footer == null ? new String[0][] : new String[][] { { "rId1", R + "/footer", "footer1.xml" } }));
        parts.add("word/document.xml");
        parts.add("<w:document xmlns:w=\"" + W + "\" xmlns:r=\"" + R + "\"><w:body>" + body
                + (footer == null ? "" : "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId1\"/></w:sectPr>")
                + "</w:body></w:document>");
        if (footer != null) {
            parts.add("word/footer1.xml");
            parts.add("<w:ftr xmlns:w=\"" + W + "\">" + footer + "</w:ftr>");
        }
        return zip(parts.toArray(String[]::new));
    }

    /** A .xlsx with one sheet: {@code sharedStrings} are the {@code <si>} items, {@code rows} the {@code <sheetData>}. */
    public static byte[] xlsx(String sharedStrings, String rows) throws IOException {
        String main = "application/vnd.openxmlformats-officedocument.spreadsheetml";
        return zip("[Content_Types].xml",
                contentTypes(new String[][] { { "/xl/workbook.xml", main + ".sheet.main+xml" },
                        { "/xl/worksheets/sheet1.xml", main + ".worksheet+xml" },
                        { "/xl/sharedStrings.xml", main + ".sharedStrings+xml" } }),
                "_rels/.rels", rels(new String[][] { { "rId1", OFFICE_DOCUMENT, "xl/workbook.xml" } }),
                "xl/_rels/workbook.xml.rels",
                rels(new String[][] { { "rId1", R + "/worksheet", "worksheets/sheet1.xml" },
                        { "rId2", R + "/sharedStrings", "sharedStrings.xml" } }),
                "xl/workbook.xml", "<workbook xmlns=\"" + S + "\" xmlns:r=\"" + R + "\"><sheets>"
                        + "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                "xl/sharedStrings.xml", "<sst xmlns=\"" + S + "\">" + sharedStrings + "</sst>",
                "xl/worksheets/sheet1.xml", "<worksheet xmlns=\"" + S + "\"><sheetData>" + rows
                        + "</sheetData></worksheet>");
    }

    /** A .pptx: each slide is given by its file number and the content of its {@code <p:spTree>}, in show order. */
    public static byte[] pptx(Object... numbersAndShapes) throws IOException {
        String main = "application/vnd.openxmlformats-officedocument.presentationml";
        int n = numbersAndShapes.length / 2;
        String[][] types = new String[n + 1][];
        String[][] presentationRels = new String[n][];
        StringBuilder ids = new StringBuilder();
        types[0] = new String[] { "/ppt/presentation.xml", main + ".presentation.main+xml" };
        List<String> slides = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int number = (Integer) numbersAndShapes[2 * i];
            String file = "slides/slide" + number + ".xml";
            types[i + 1] = new String[] { "/ppt/" + file, main + ".slide+xml" };
            presentationRels[i] = new String[] { "rId" + (i + 1), R + "/slide", file };
            ids.append("<p:sldId id=\"").append(256 + i).append("\" r:id=\"rId").append(i + 1).append("\"/>");
            slides.add("ppt/" + file);
            slides.add("<p:sld xmlns:p=\"" + P + "\" xmlns:a=\"" + A + "\"><p:cSld><p:spTree>"
                    + numbersAndShapes[2 * i + 1] + "</p:spTree></p:cSld></p:sld>");
        }
        List<String> parts = new ArrayList<>(List.of("[Content_Types].xml", contentTypes(types), "_rels/.rels",
                rels(new String[][] { { "rId1", OFFICE_DOCUMENT, "ppt/presentation.xml" } }),
                "ppt/_rels/presentation.xml.rels", rels(presentationRels), "ppt/presentation.xml",
                "<p:presentation xmlns:p=\"" + P + "\" xmlns:r=\"" + R + "\"><p:sldIdLst>" + ids
                        + "</p:sldIdLst></p:presentation>"));
        parts.addAll(slides);
        return zip(parts.toArray(String[]::new));
    }

    /** A text box of a slide. */
    public static String shape(String... paragraphs) {
        StringBuilder sb = new StringBuilder("<p:sp><p:txBody>");
        for (String p : paragraphs) {
            sb.append("<a:p><a:r><a:t>").append(p).append("</a:t></a:r></a:p>");
        }
        return sb.append("</p:txBody></p:sp>").toString();
    }

    /** An .odt: {@code text} is the content of {@code <office:text>}. */
    public static byte[] odt(String text) throws IOException {
        String office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
        String textNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
        String type = "application/vnd.oasis.opendocument.text";
        return zip("mimetype", type, "META-INF/manifest.xml",
                "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
                        + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"" + type + "\"/>"
                        + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                        + "</manifest:manifest>",
                "content.xml", "<office:document-content xmlns:office=\"" + office + "\" xmlns:text=\"" + textNs
                        + "\" office:version=\"1.2\"><office:body><office:text>" + text
                        + "</office:text></office:body></office:document-content>");
    }

    /** A PDF with one page of text per argument (Helvetica, one line per {@code \n}); one blank page when none. */
    public static byte[] pdf(String... pages) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            if (pages.length == 0) {
                doc.addPage(new PDPage());
            }
            for (String text : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.beginText();
                    content.setFont(font, 10);
                    content.setLeading(12);
                    content.newLineAtOffset(40, 750);
                    for (String line : text.split("\n")) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    public static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String contentTypes(String[][] overrides) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"")
                .append(CT).append("\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
                .append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
        for (String[] o : overrides) {
            if (o != null) {
                sb.append("<Override PartName=\"").append(o[0]).append("\" ContentType=\"").append(o[1]).append("\"/>");
            }
        }
        return sb.append("</Types>").toString();
    }

    private static String rels(String[][] relationships) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"")
                .append(PR).append("\">");
        for (String[] r : relationships) {
            sb.append("<Relationship Id=\"").append(r[0]).append("\" Type=\"").append(r[1]).append("\" Target=\"")
                    .append(r[2]).append("\"/>");
        }
        return sb.append("</Relationships>").toString();
    }
}
