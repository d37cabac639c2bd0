package dev.opendrive.api.webdav;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * XML in and out. Request bodies are small (a PROPFIND, PROPPATCH or LOCK) and read into a DOM by
 * a parser that refuses any DOCTYPE, so no external entity, no entity expansion and no DTD fetch can
 * happen (XXE); they are capped in size before parsing. Answers are written with a StAX
 * {@link XMLStreamWriter} straight to the response: no JAXB, no reflection (native image friendly).
 */
final class DavXml {

    static final String DAV = "DAV:";
    /** Request bodies past this are refused (413) before parsing: a PROPPATCH of many properties fits easily. */
    static final int MAX_BODY = 1024 * 1024;

    private static final DocumentBuilderFactory FACTORY = factory();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private DavXml() {
    }

    /** Thrown for a body that is not well-formed XML, has a DOCTYPE, or is too large. */
    static final class BadXml extends Exception {
        final int status;

        BadXml(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setExpandEntityReferences(false);
        f.setXIncludeAware(false);
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be made safe", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /** The body's root element, or null for an empty body. */
    static Element parse(InputStream body) throws BadXml, IOException {
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new BadXml(413, "XML body too large");
        }
        if (isBlank(bytes)) {
            return null;
        }
        return parse(bytes);
    }

    static Element parse(byte[] bytes) throws BadXml, IOException {
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(null);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            Document doc = builder.parse(new ByteArrayInputStream(bytes));
            return doc.getDocumentElement();
        } catch (SAXException e) {
            throw new BadXml(400, "Malformed XML body");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    static boolean is(Node node, String ns, String local) {
        return node instanceof Element e && local.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI());
    }

    /** The element children of {@code parent}. */
    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Element parent, String ns, String local) {
        for (Element e : children(parent)) {
            if (is(e, ns, local)) {
                return e;
            }
        }
        return null;
    }

    static XMLStreamWriter writer(java.io.OutputStream out) throws XMLStreamException {
        return OUTPUT.createXMLStreamWriter(out, "UTF-8");
    }

    /** An element (with its namespaces and content) as XML text, for storing a dead property. */
    static String serialize(Element element) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter w = OUTPUT.createXMLStreamWriter(text);
            copy(element, w);
            w.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    /**
     * Writes an element of another document into {@code w}, declaring every namespace it uses where
     * it is used, so a property value keeps its meaning wherever it is written (litmus propvalnspace).
     */
    static void copy(Element e, XMLStreamWriter w) throws XMLStreamException {
        String ns = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
        String prefix = e.getPrefix() == null ? "" : e.getPrefix();
        w.writeStartElement(prefix, e.getLocalName() == null ? e.getNodeName() : e.getLocalName(), ns);
        if (prefix.isEmpty()) {
            w.writeDefaultNamespace(ns);
        } else {
            w.writeNamespace(prefix, ns);
        }
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            String aNs = a.getNamespaceURI();
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(aNs)) {
                // keep declarations the value may use in text (e.g. QNames in content)
                String declared = a.getLocalName();
                if (!"xmlns".equals(declared) && !declared.equals(prefix)) {
                    w.writeNamespace(declared, a.getNodeValue());
                }
                continue;
            }
            if (aNs == null || aNs.isEmpty()) {
                w.writeAttribute(a.getLocalName() == null ? a.getNodeName() : a.getLocalName(), a.getNodeValue());
            } else {
                w.writeAttribute(a.getPrefix() == null ? "ns" : a.getPrefix(), aNs, a.getLocalName(), a.getNodeValue());
            }
        }
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE -> copy((Element) n, w);
                case Node.TEXT_NODE -> w.writeCharacters(n.getNodeValue());
                case Node.CDATA_SECTION_NODE -> w.writeCharacters(n.getNodeValue());
                default -> {
                }
            }
        }
        w.writeEndElement();
    }
}
