package dev.opendrive.api.webdav;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.w3c.dom.Element;

import dev.opendrive.api.usage.Quotas;

/**
 * The properties of resources and how they are written into a multistatus answer: the live ones
 * OpenDrive computes from its documents (RFC 4918 section 15, RFC 4331 quotas) and the dead ones
 * clients stored.
 */
final class DavProps {

    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    static final QName CREATIONDATE = dav("creationdate");
    static final QName DISPLAYNAME = dav("displayname");
    static final QName GETCONTENTLENGTH = dav("getcontentlength");
    static final QName GETCONTENTTYPE = dav("getcontenttype");
    static final QName GETETAG = dav("getetag");
    static final QName GETLASTMODIFIED = dav("getlastmodified");
    static final QName RESOURCETYPE = dav("resourcetype");
    static final QName SUPPORTEDLOCK = dav("supportedlock");
    static final QName LOCKDISCOVERY = dav("lockdiscovery");
    static final QName QUOTA_AVAILABLE = dav("quota-available-bytes");
    static final QName QUOTA_USED = dav("quota-used-bytes");

    /** The live properties an allprop answer includes (RFC 4331's quota properties are not among them). */
    static final List<QName> ALLPROP = List.of(CREATIONDATE, DISPLAYNAME, GETCONTENTLENGTH, GETCONTENTTYPE,
            GETETAG, GETLASTMODIFIED, RESOURCETYPE, SUPPORTEDLOCK, LOCKDISCOVERY);
    static final List<QName> LIVE = List.of(CREATIONDATE, DISPLAYNAME, GETCONTENTLENGTH, GETCONTENTTYPE, GETETAG,
            GETLASTMODIFIED, RESOURCETYPE, SUPPORTEDLOCK, LOCKDISCOVERY, QUOTA_AVAILABLE, QUOTA_USED);

    private DavProps() {
    }

    static QName dav(String local) {
        return new QName(DavXml.DAV, local);
    }

    static QName nameOf(Element e) {
        return new QName(e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName());
    }

    /** What a PROPFIND asks for: every property, only names, or the listed ones. */
    record Request(boolean allprop, boolean propname, List<QName> props) {
        static final Request ALL = new Request(true, false, List.of());
    }

    /** One resource of a multistatus answer, with what is needed to compute its live properties. */
    record Resource(DavPath path, DavTree.Item item, Instant created, Instant modified, List<DavLocks.Lock> locks,
            List<DeadProperties.Property> dead) {
    }

    /** Computed once per request: the caller's quota standing, when a quota property was asked for. */
    interface QuotaSource {
        Quotas.Standing standing();
    }

    /** The live property's value writer, or empty when the resource has no such property. */
    static Optional<ValueWriter> live(QName name, Resource r, QuotaSource quota) {
        DavTree.Item item = r.item();
        DavTree.File file = item instanceof DavTree.File f ? f : null;
        if (name.equals(CREATIONDATE)) {
            return r.created() == null ? Optional.empty()
                    : text(DateTimeFormatter.ISO_INSTANT.format(r.created().truncatedTo(ChronoUnit.SECONDS)));
        }
        if (name.equals(DISPLAYNAME)) {
            return r.path().isRoot() ? Optional.empty() : text(r.path().name());
        }
        if (name.equals(GETCONTENTLENGTH)) {
            return file == null ? Optional.empty() : text(Long.toString(file.doc().size));
        }
        if (name.equals(GETCONTENTTYPE)) {
            return file == null ? Optional.empty()
                    : text(file.doc().mimeType == null ? "application/octet-stream" : file.doc().mimeType);
        }
        if (name.equals(GETETAG)) {
            return file == null ? Optional.empty() : text(DavResource.etag(file.doc()));
        }
        if (name.equals(GETLASTMODIFIED)) {
            return r.modified() == null ? Optional.empty() : text(HTTP_DATE.format(r.modified()));
        }
        if (name.equals(RESOURCETYPE)) {
            return Optional.of(w -> {
                if (item.isCollection()) {
                    w.writeEmptyElement("D", "collection", DavXml.DAV);
                }
            });
        }
        if (name.equals(SUPPORTEDLOCK)) {
            return Optional.of(DavProps::supportedLock);
        }
        if (name.equals(LOCKDISCOVERY)) {
            return Optional.of(w -> {
                for (DavLocks.Lock l : r.locks()) {
                    activeLock(w, l);
                }
            });
        }
        if (name.equals(QUOTA_USED) && item.isCollection()) {
            return text(Long.toString(quota.standing().charged()));
        }
        if (name.equals(QUOTA_AVAILABLE) && item.isCollection()) {
            long free = quota.standing().free();
            // unlimited: RFC 4331 lets the property be absent rather than report a made-up number
            return free == Long.MAX_VALUE ? Optional.empty() : text(Long.toString(free));
        }
        return Optional.empty();
    }

    interface ValueWriter {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static Optional<ValueWriter> text(String value) {
        return Optional.of(w -> w.writeCharacters(value));
    }

    static void supportedLock(XMLStreamWriter w) throws XMLStreamException {
        for (String scope : List.of("exclusive", "shared")) {
            w.writeStartElement("D", "lockentry", DavXml.DAV);
            w.writeStartElement("D", "lockscope", DavXml.DAV);
            w.writeEmptyElement("D", scope, DavXml.DAV);
            w.writeEndElement();
            w.writeStartElement("D", "locktype", DavXml.DAV);
            w.writeEmptyElement("D", "write", DavXml.DAV);
            w.writeEndElement();
            w.writeEndElement();
        }
    }

    static void activeLock(XMLStreamWriter w, DavLocks.Lock l) throws XMLStreamException {
        w.writeStartElement("D", "activelock", DavXml.DAV);
        w.writeStartElement("D", "locktype", DavXml.DAV);
        w.writeEmptyElement("D", "write", DavXml.DAV);
        w.writeEndElement();
        w.writeStartElement("D", "lockscope", DavXml.DAV);
        w.writeEmptyElement("D", l.exclusive() ? "exclusive" : "shared", DavXml.DAV);
        w.writeEndElement();
        element(w, "depth", l.infinite() ? "infinity" : "0");
        if (l.ownerXml() != null) {
            try {
                DavXml.copy(DavXml.parse(l.ownerXml().getBytes(java.nio.charset.StandardCharsets.UTF_8)), w);
            } catch (DavXml.BadXml | IOException e) {
                // stored by us from a parsed element: cannot happen; leave the owner out
            }
        }
        element(w, "timeout", "Second-" + Math.max(0, (l.expiresAtMillis() - System.currentTimeMillis()) / 1000));
        w.writeStartElement("D", "locktoken", DavXml.DAV);
        element(w, "href", l.token());
        w.writeEndElement();
        w.writeStartElement("D", "lockroot", DavXml.DAV);
        element(w, "href", l.root().href(false));
        w.writeEndElement();
        w.writeEndElement();
    }

    static void element(XMLStreamWriter w, String davName, String text) throws XMLStreamException {
        w.writeStartElement("D", davName, DavXml.DAV);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    /** An empty property element of any namespace (a propname answer, a 404 or 403 propstat). */
    static void emptyProperty(XMLStreamWriter w, QName name) throws XMLStreamException {
        if (DavXml.DAV.equals(name.getNamespaceURI())) {
            w.writeEmptyElement("D", name.getLocalPart(), DavXml.DAV);
        } else {
            w.writeEmptyElement("", name.getLocalPart(), name.getNamespaceURI());
            w.writeDefaultNamespace(name.getNamespaceURI());
        }
    }

    static void startProperty(XMLStreamWriter w, QName name) throws XMLStreamException {
        if (DavXml.DAV.equals(name.getNamespaceURI())) {
            w.writeStartElement("D", name.getLocalPart(), DavXml.DAV);
        } else {
            w.writeStartElement("", name.getLocalPart(), name.getNamespaceURI());
            w.writeDefaultNamespace(name.getNamespaceURI());
        }
    }

    /** One <D:response> of a PROPFIND: found properties in a 200 propstat, the rest in a 404 one. */
    static void response(XMLStreamWriter w, Resource r, Request request, QuotaSource quota)
            throws XMLStreamException {
        Map<QName, DeadProperties.Property> dead = new LinkedHashMap<>();
        for (DeadProperties.Property p : r.dead()) {
            dead.put(new QName(p.ns(), p.name()), p);
        }
        w.writeStartElement("D", "response", DavXml.DAV);
        element(w, "href", r.path().href(r.item().isCollection()));
        List<QName> missing = new ArrayList<>();
        w.writeStartElement("D", "propstat", DavXml.DAV);
        w.writeStartElement("D", "prop", DavXml.DAV);
        if (request.propname()) {
            for (QName n : LIVE) {
                if (live(n, r, quota).isPresent()) {
                    emptyProperty(w, n);
                }
            }
            for (QName n : dead.keySet()) {
                emptyProperty(w, n);
            }
        } else {
            List<QName> wanted = new ArrayList<>(request.allprop() ? ALLPROP : request.props());
            if (request.allprop()) {
                request.props().stream().filter(n -> !wanted.contains(n)).forEach(wanted::add);
                dead.keySet().stream().filter(n -> !wanted.contains(n)).forEach(wanted::add);
            }
            for (QName n : wanted) {
                Optional<ValueWriter> value = LIVE.contains(n) ? live(n, r, quota) : Optional.empty();
                if (value.isPresent()) {
                    startProperty(w, n);
                    value.get().write(w);
                    w.writeEndElement();
                } else if (dead.containsKey(n)) {
                    writeDead(w, dead.get(n));
                } else if (!request.allprop() || request.props().contains(n)) {
                    missing.add(n);
                }
            }
        }
        w.writeEndElement();
        element(w, "status", "HTTP/1.1 200 OK");
        w.writeEndElement();
        if (!missing.isEmpty()) {
            w.writeStartElement("D", "propstat", DavXml.DAV);
            w.writeStartElement("D", "prop", DavXml.DAV);
            for (QName n : missing) {
                emptyProperty(w, n);
            }
            w.writeEndElement();
            element(w, "status", "HTTP/1.1 404 Not Found");
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    static void writeDead(XMLStreamWriter w, DeadProperties.Property p) throws XMLStreamException {
        try {
            DavXml.copy(DavXml.parse(p.xml().getBytes(java.nio.charset.StandardCharsets.UTF_8)), w);
        } catch (DavXml.BadXml | IOException e) {
            emptyProperty(w, new QName(p.ns(), p.name()));
        }
    }
}
