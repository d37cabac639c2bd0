package dev.opendrive.api.webdav;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.bson.types.ObjectId;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.w3c.dom.Element;

import dev.opendrive.api.auth.BasicAuthenticator;
import dev.opendrive.api.auth.ClientAddress;
import dev.opendrive.api.auth.KnownUsers;
import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;
import dev.opendrive.api.errors.ErrorResponses;
import dev.opendrive.api.files.BlobResponses;
import dev.opendrive.api.files.FileService;
import dev.opendrive.api.folders.FolderDocument;
import dev.opendrive.api.folders.FolderService;
import dev.opendrive.api.items.ItemKind;
import dev.opendrive.api.items.MoveTarget;
import dev.opendrive.api.items.Names;
import dev.opendrive.api.items.RenameOrMove;
import dev.opendrive.api.trash.TrashService;
import dev.opendrive.api.usage.Quotas;
import dev.opendrive.model.files.FileDocument;
import dev.opendrive.storage.StorageProvider;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * (added) WebDAV (RFC 4918 classes 1 and 2) at /dav/: the caller's folders and files by name, for
 * file managers and sync tools (rclone, davfs2, Finder, Windows). Authentication is HTTP Basic with
 * the account's email and its password or an app password ({@link BasicAuthenticator}); everything
 * else goes through the services the JSON API uses, so uploads keep their rules (size limit, type
 * sniffing, quota, events), deletes go to the trash, and names follow the same rules.
 * <p>
 * Why JAX-RS rather than a Vert.x route: Quarkus REST routes custom methods (PROPFIND, MKCOL, ...)
 * declared with {@link jakarta.ws.rs.HttpMethod} like any other, runs the methods on worker threads
 * with the request body as a stream, and the file responses reuse {@link BlobResponses} (ranges,
 * ETags, sendfile) unchanged.
 */
@Path("/dav{path:(/.*)?}")
public class DavResource {

    static final String DAV_CLASSES = "1, 2";
    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK";
    static final String REALM = "Basic realm=\"OpenDrive WebDAV\", charset=\"UTF-8\"";
    private static final String XML = "application/xml; charset=utf-8";

    private final BasicAuthenticator auth;
    private final KnownUsers users;
    private final DavTree tree;
    private final DavLocks locks;
    private final DeadProperties props;
    private final FileService files;
    private final FolderService folders;
    private final TrashService trash;
    private final BlobResponses blobs;
    private final StorageProvider storage;
    private final Quotas quotas;

    public DavResource(BasicAuthenticator auth, KnownUsers users, DavTree tree, DavLocks locks, DeadProperties props,
            FileService files, FolderService folders, TrashService trash, BlobResponses blobs, StorageProvider storage,
            Quotas quotas) {
        this.auth = auth;
        this.users = users;
        this.tree = tree;
        this.locks = locks;
        this.props = props;
        this.files = files;
        this.folders = folders;
        this.trash = trash;
        this.blobs = blobs;
        this.storage = storage;
        this.quotas = quotas;
    }

    @ServerExceptionMapper
    public Response failure(DavFailure e) {
        return e.response;
    }

    // ------------------------------------------------------------------ requests

    /** Answered without credentials: clients (Windows, Finder) probe with OPTIONS before they log in. */
    @OPTIONS
    @Operation(hidden = true)
    public Response options() {
        return Response.ok().header("DAV", DAV_CLASSES).header("Allow", ALLOW).header("MS-Author-Via", "DAV")
                .header("Accept-Ranges", "bytes").build();
    }

    @GET
    @Operation(hidden = true)
    public Response get(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return read(request, headers);
    }

    @HEAD
    @Operation(hidden = true)
    public Response head(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return read(request, headers);
    }

    private Response read(HttpServerRequest request, HttpHeaders headers) {
        ObjectId owner = owner(request);
        DavTree.Target target = tree.resolve(owner, path(request));
        DavTree.Item item = target.item().orElseThrow(() -> DavFailure.status(404));
        if (item instanceof DavTree.File f) {
            String etag = etag(f.doc());
            String ifMatch = headers.getHeaderString("If-Match");
            if (ifMatch != null && !matchesAny(ifMatch, etag)) {
                throw DavFailure.status(412);
            }
            FileDocument d = f.doc();
            Response r = blobs.send(new BlobResponses.Blob(d.storageKey, d.size, etag, d.mimeType, d.originalName,
                    false, "private, no-cache"), headers);
            return Response.fromResponse(r).header("Last-Modified", DavProps.HTTP_DATE.format(modified(f.doc())))
                    .build();
        }
        return listing(owner, target.path(), item);
    }

    /** A collection read with GET: a plain list of its members, for a browser or curl. */
    private Response listing(ObjectId owner, DavPath path, DavTree.Item collection) {
        StringBuilder text = new StringBuilder();
        for (FolderDocument f : tree.subfolders(owner, collection)) {
            text.append(f.name).append("/\n");
        }
        for (FileDocument f : tree.filesIn(owner, collection)) {
            text.append(f.originalName).append('\n');
        }
        return Response.ok(text.toString().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8")
                .header("Cache-Control", "private, no-cache").build();
    }

    @PUT
    @Operation(hidden = true)
    public Response put(@Context HttpServerRequest request, @Context HttpHeaders headers, InputStream body) {
        ObjectId owner = owner(request);
        DavTree.Target target = tree.resolve(owner, path(request));
        try {
            if (target.path().isRoot() || target.item().filter(DavTree.Item::isCollection).isPresent()) {
                throw DavFailure.status(405);
            }
            DavTree.Item parent = target.parent().orElseThrow(() -> DavFailure.status(409));
            String name = validName(target.path().name());
            Optional<DavTree.File> existing = target.item().map(DavTree.File.class::cast);
            String etag = existing.map(f -> etag(f.doc())).orElse(null);
            checkIf(owner, request, target.path(), List.of(target.path()),
                    existing.isPresent() ? List.of() : List.of(target.path().parent()), List.of());
            conditional(headers, etag);
            Long length = contentLength(request);
            if (existing.isPresent()) {
                // the old content stays as a version (MAX_VERSIONS), as for every overwrite
                FileDocument written = files.replaceContent(owner, existing.get().doc(), body, length);
                return Response.noContent().header("ETag", etag(written)).build();
            }
            FileDocument created = files.storeStream(body, name, parentId(parent), length, owner);
            return Response.status(201).header("ETag", etag(created)).build();
        } catch (RuntimeException e) {
            drain(body);
            throw e;
        }
    }

    @DELETE
    @Operation(hidden = true)
    public Response delete(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        ObjectId owner = owner(request);
        DavTree.Target target = tree.resolve(owner, path(request));
        if (target.path().isRoot()) {
            throw DavFailure.status(403);
        }
        DavTree.Item item = target.item().orElseThrow(() -> DavFailure.status(404));
        String depth = headers.getHeaderString("Depth");
        if (item.isCollection() && depth != null && !depth.equalsIgnoreCase("infinity")) {
            throw DavFailure.status(400);
        }
        checkIf(owner, request, target.path(), List.of(), List.of(target.path().parent()), List.of(target.path()));
        conditional(headers, etagOf(item));
        remove(item);
        locks.dropBelow(owner, target.path());
        return Response.noContent().build();
    }

    @DavMethods.MKCOL
    @Operation(hidden = true)
    public Response mkcol(@Context HttpServerRequest request, InputStream body) throws IOException {
        ObjectId owner = owner(request);
        DavTree.Target target = tree.resolve(owner, path(request));
        boolean hasBody = body != null && body.read() >= 0;
        drain(body);
        if (target.exists()) {
            throw DavFailure.status(405);
        }
        DavTree.Item parent = target.parent().orElseThrow(() -> DavFailure.status(409));
        if (hasBody) {
            throw DavFailure.status(415);
        }
        String name = validFolderName(target.path().name());
        checkIf(owner, request, target.path(), List.of(), List.of(target.path().parent()), List.of());
        folders.create(name, parentId(parent), owner);
        return Response.status(201).build();
    }

    @DavMethods.PROPFIND
    @Operation(hidden = true)
    public Response propfind(@Context HttpServerRequest request, @Context HttpHeaders headers, InputStream body) {
        ObjectId owner = owner(request);
        String depth = headers.getHeaderString("Depth");
        if (depth == null || depth.equalsIgnoreCase("infinity")) {
            drain(body);
            // a walk of a whole drive in one answer: refused as RFC 4918 allows (section 9.1)
            throw DavFailure.precondition(403, "propfind-finite-depth", null);
        }
        if (!depth.equals("0") && !depth.equals("1")) {
            drain(body);
            throw DavFailure.status(400);
        }
        DavProps.Request wanted = propfindRequest(body);
        DavTree.Target target = tree.resolve(owner, path(request));
        DavTree.Item item = target.item().orElseThrow(() -> DavFailure.status(404));
        List<DavPath> paths = new ArrayList<>();
        List<DavTree.Item> items = new ArrayList<>();
        paths.add(target.path());
        items.add(item);
        if (depth.equals("1") && item.isCollection()) {
            for (FolderDocument f : tree.subfolders(owner, item)) {
                paths.add(target.path().child(f.name));
                items.add(new DavTree.Folder(f));
            }
            // a file and a folder of the same name: WebDAV shows the folder
            Set<String> folderKeys = new HashSet<>();
            for (DavTree.Item i : items) {
                if (i instanceof DavTree.Folder d) {
                    folderKeys.add(Names.key(d.doc().name));
                }
            }
            for (FileDocument f : tree.filesIn(owner, item)) {
                if (!folderKeys.contains(Names.key(f.originalName))) {
                    paths.add(target.path().child(f.originalName));
                    items.add(new DavTree.File(f));
                }
            }
        }
        Map<ObjectId, List<DeadProperties.Property>> dead = wanted.propname() || wanted.allprop()
                || wanted.props().stream().anyMatch(n -> !DavProps.LIVE.contains(n))
                        ? props.of(items.stream().map(DavTree.Item::propertyId).toList()) : Map.of();
        Instant userCreated = item instanceof DavTree.Root ? users.byId(owner).createdAt : null;
        List<DavProps.Resource> resources = new ArrayList<>();
        Function<DavPath, List<DavLocks.Lock>> covering = locks.covering(owner);
        for (int i = 0; i < items.size(); i++) {
            DavTree.Item it = items.get(i);
            resources.add(new DavProps.Resource(paths.get(i), it, created(it, userCreated), modified(it, userCreated),
                    covering.apply(paths.get(i)), dead.getOrDefault(it.propertyId(), List.of())));
        }
        Quotas.Standing[] standing = new Quotas.Standing[1];
        DavProps.QuotaSource quota = () -> standing[0] != null ? standing[0] : (standing[0] = quotas.standing(owner));
        StreamingOutput out = stream -> write(stream, w -> {
            for (DavProps.Resource r : resources) {
                DavProps.response(w, r, wanted, quota);
            }
        });
        return Response.status(207).type(XML).entity(out).build();
    }

    @DavMethods.PROPPATCH
    @Operation(hidden = true)
    public Response proppatch(@Context HttpServerRequest request, InputStream body) {
        ObjectId owner = owner(request);
        Element root = xml(body);
        DavTree.Target target = tree.resolve(owner, path(request));
        DavTree.Item item = target.item().orElseThrow(() -> DavFailure.status(404));
        if (root == null || !DavXml.is(root, DavXml.DAV, "propertyupdate")) {
            throw DavFailure.status(400);
        }
        checkIf(owner, request, target.path(), List.of(target.path()), List.of(), List.of());
        record Change(boolean set, QName name, Element element) {
        }
        List<Change> changes = new ArrayList<>();
        for (Element op : DavXml.children(root)) {
            boolean set = DavXml.is(op, DavXml.DAV, "set");
            if (!set && !DavXml.is(op, DavXml.DAV, "remove")) {
                continue;
            }
            Element prop = DavXml.child(op, DavXml.DAV, "prop");
            if (prop == null) {
                throw DavFailure.status(400);
            }
            for (Element p : DavXml.children(prop)) {
                changes.add(new Change(set, DavProps.nameOf(p), p));
            }
        }
        // all or nothing (RFC 4918 9.2): a protected property or an oversized value fails every change
        Map<QName, Integer> failed = new java.util.LinkedHashMap<>();
        int count = props.count(item.propertyId());
        for (Change c : changes) {
            if (DavProps.LIVE.contains(c.name())) {
                failed.put(c.name(), 403);
            } else if (c.set() && DavXml.serialize(c.element()).getBytes(StandardCharsets.UTF_8).length
                    > DeadProperties.MAX_VALUE_BYTES) {
                failed.put(c.name(), 507);
            } else if (c.set() && ++count > DeadProperties.MAX_PER_ITEM) {
                failed.put(c.name(), 507);
            }
        }
        if (failed.isEmpty()) {
            for (Change c : changes) {
                if (c.set()) {
                    props.set(owner, item.propertyId(), new DeadProperties.Property(c.name().getNamespaceURI(),
                            c.name().getLocalPart(), DavXml.serialize(c.element())));
                } else {
                    props.remove(item.propertyId(), c.name().getNamespaceURI(), c.name().getLocalPart());
                }
            }
        }
        boolean collection = item.isCollection();
        StreamingOutput out = stream -> write(stream, w -> {
            w.writeStartElement("D", "response", DavXml.DAV);
            DavProps.element(w, "href", target.path().href(collection));
            for (Change c : changes) {
                int status = failed.isEmpty() ? 200 : failed.getOrDefault(c.name(), 424);
                w.writeStartElement("D", "propstat", DavXml.DAV);
                w.writeStartElement("D", "prop", DavXml.DAV);
                DavProps.emptyProperty(w, c.name());
                w.writeEndElement();
                DavProps.element(w, "status", "HTTP/1.1 " + status + " " + reason(status));
                w.writeEndElement();
            }
            w.writeEndElement();
        });
        return Response.status(207).type(XML).entity(out).build();
    }

    @DavMethods.COPY
    @Operation(hidden = true)
    public Response copy(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return copyOrMove(request, headers, false);
    }

    @DavMethods.MOVE
    @Operation(hidden = true)
    public Response move(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return copyOrMove(request, headers, true);
    }

    private Response copyOrMove(HttpServerRequest request, HttpHeaders headers, boolean move) {
        ObjectId owner = owner(request);
        DavTree.Target source = tree.resolve(owner, path(request));
        DavTree.Item item = source.item().orElseThrow(() -> DavFailure.status(404));
        if (source.path().isRoot()) {
            throw DavFailure.status(403);
        }
        DavPath destPath = DavPath.ofDestination(headers.getHeaderString("Destination"))
                .orElseThrow(() -> DavFailure.status(400));
        if (destPath.isRoot()) {
            throw DavFailure.status(403);
        }
        String depth = headers.getHeaderString("Depth");
        boolean infinite = depth == null || depth.equalsIgnoreCase("infinity");
        if (!infinite && !(depth.equals("0") && !move)) {
            throw DavFailure.status(400);
        }
        boolean overwrite = !"F".equalsIgnoreCase(headers.getHeaderString("Overwrite"));
        DavTree.Target dest = tree.resolve(owner, destPath);
        boolean sameItem = dest.item().map(d -> d.propertyId().equals(item.propertyId())).orElse(false);
        if (sameItem && destPath.name().equals(source.path().name())) {
            throw DavFailure.status(403); // onto itself
        }
        if (item.isCollection() && destPath.within(source.path()) && !sameItem) {
            throw DavFailure.status(403); // into itself
        }
        DavTree.Item destParent = dest.parent().orElseThrow(() -> DavFailure.status(409));
        String name = item.isCollection() ? validFolderName(destPath.name()) : validName(destPath.name());
        boolean replaces = dest.exists() && !sameItem;
        if (replaces && !overwrite) {
            throw DavFailure.status(412);
        }
        Optional<IfHeader> ifHeader = checkIf(owner, request, source.path(), List.of(destPath),
                List.of(destPath.parent()), move ? List.of(source.path()) : List.of());
        if (move) {
            requireTokens(owner, ifHeader, List.of(), List.of(source.path().parent()), List.of(source.path()));
        }
        if (replaces) {
            remove(dest.item().get());
            locks.dropBelow(owner, destPath);
        }
        if (move) {
            RenameOrMove change = new RenameOrMove(name, new MoveTarget(parentId(destParent)));
            if (item instanceof DavTree.File f) {
                files.update(f.doc().id.toHexString(), change, owner);
            } else {
                folders.update(((DavTree.Folder) item).doc().id.toHexString(), change, owner);
            }
            locks.dropBelow(owner, source.path());
        } else {
            copyItem(owner, item, destParent, name, infinite);
        }
        return Response.status(replaces ? 204 : 201).build();
    }

    /** A copy as new files and folders: uploads of the same bytes (quota, events and all). */
    private void copyItem(ObjectId owner, DavTree.Item item, DavTree.Item destParent, String name, boolean infinite) {
        if (item instanceof DavTree.File f) {
            FileDocument src = f.doc();
            FileDocument copy;
            try (InputStream in = storage.open(src.storageKey)) {
                copy = files.storeStream(in, name, parentId(destParent), src.size, owner);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read blob " + src.storageKey, e);
            }
            props.copy(owner, src.id, copy.id);
            return;
        }
        String id = folders.create(name, parentId(destParent), owner).id();
        props.copy(owner, item.propertyId(), new ObjectId(id));
        if (!infinite) {
            return;
        }
        DavTree.Folder copy = new DavTree.Folder(folderStub(id));
        for (FolderDocument sub : tree.subfolders(owner, item)) {
            copyItem(owner, new DavTree.Folder(sub), copy, sub.name, true);
        }
        for (FileDocument file : tree.filesIn(owner, item)) {
            copyItem(owner, new DavTree.File(file), copy, file.originalName, true);
        }
    }

    @DavMethods.LOCK
    @Operation(hidden = true)
    public Response lock(@Context HttpServerRequest request, @Context HttpHeaders headers, InputStream body) {
        ObjectId owner = owner(request);
        Element root = xml(body);
        DavPath path = path(request);
        long timeout = DavLocks.timeout(headers.getHeaderString("Timeout"));
        if (root == null) {
            // a refresh: the lock is named by the If header
            IfHeader ifHeader = ifHeader(request).orElseThrow(() -> DavFailure.status(400));
            DavLocks.Lock refreshed = null;
            for (String token : ifHeader.tokens()) {
                Optional<DavLocks.Lock> l = locks.byToken(owner, token).filter(x -> x.covers(path));
                if (l.isPresent()) {
                    refreshed = locks.refresh(owner, token, timeout).orElse(null);
                    break;
                }
            }
            if (refreshed == null) {
                throw DavFailure.precondition(412, "lock-token-matches-request-uri", null);
            }
            return lockAnswer(200, refreshed, false);
        }
        if (!DavXml.is(root, DavXml.DAV, "lockinfo")) {
            throw DavFailure.status(400);
        }
        Element scope = DavXml.child(root, DavXml.DAV, "lockscope");
        boolean exclusive = scope != null && DavXml.child(scope, DavXml.DAV, "exclusive") != null;
        if (scope == null || (!exclusive && DavXml.child(scope, DavXml.DAV, "shared") == null)) {
            throw DavFailure.status(400);
        }
        Element type = DavXml.child(root, DavXml.DAV, "locktype");
        if (type == null || DavXml.child(type, DavXml.DAV, "write") == null) {
            throw DavFailure.status(400);
        }
        Element ownerElement = DavXml.child(root, DavXml.DAV, "owner");
        String depth = headers.getHeaderString("Depth");
        boolean infinite = depth == null || depth.equalsIgnoreCase("infinity");
        if (!infinite && !depth.equals("0")) {
            throw DavFailure.status(400);
        }
        DavTree.Target target = tree.resolve(owner, path);
        if (path.isRoot()) {
            throw DavFailure.status(403);
        }
        boolean created = false;
        if (!target.exists()) {
            // RFC 4918 7.3: a lock on an unmapped URL makes an empty resource
            DavTree.Item parent = target.parent().orElseThrow(() -> DavFailure.status(409));
            String name = validName(path.name());
            checkIf(owner, request, path, List.of(path), List.of(path.parent()), List.of());
            files.storeStream(InputStream.nullInputStream(), name, parentId(parent), 0L, owner);
            created = true;
        }
        DavLocks.Lock lock;
        try {
            lock = locks.lock(owner, path, exclusive, infinite && target.item().map(DavTree.Item::isCollection)
                    .orElse(false), ownerElement == null ? null : DavXml.serialize(ownerElement), timeout);
        } catch (DavLocks.Locked e) {
            throw DavFailure.precondition(423, "no-conflicting-lock", e.root.href(false));
        }
        return lockAnswer(created ? 201 : 200, lock, true);
    }

    private Response lockAnswer(int status, DavLocks.Lock lock, boolean withToken) {
        StreamingOutput out = stream -> {
            try {
                XMLStreamWriter w = DavXml.writer(stream);
                w.writeStartDocument("utf-8", "1.0");
                w.writeStartElement("D", "prop", DavXml.DAV);
                w.writeNamespace("D", DavXml.DAV);
                w.writeStartElement("D", "lockdiscovery", DavXml.DAV);
                DavProps.activeLock(w, lock);
                w.writeEndElement();
                w.writeEndElement();
                w.writeEndDocument();
                w.flush();
            } catch (XMLStreamException e) {
                throw new IOException(e);
            }
        };
        Response.ResponseBuilder r = Response.status(status).type(XML).entity(out);
        if (withToken) {
            r.header("Lock-Token", "<" + lock.token() + ">");
        }
        return r.build();
    }

    @DavMethods.UNLOCK
    @Operation(hidden = true)
    public Response unlock(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        ObjectId owner = owner(request);
        DavPath path = path(request);
        String raw = headers.getHeaderString("Lock-Token");
        if (raw == null || raw.isBlank()) {
            throw DavFailure.status(400);
        }
        String token = raw.trim();
        if (token.startsWith("<") && token.endsWith(">")) {
            token = token.substring(1, token.length() - 1);
        }
        if (!locks.unlock(owner, token, path)) {
            throw DavFailure.precondition(409, "lock-token-matches-request-uri", null);
        }
        return Response.noContent().build();
    }

    // ------------------------------------------------------------------ helpers

    private ObjectId owner(HttpServerRequest request) {
        Optional<ObjectId> id = auth.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION), ClientAddress.of(request));
        if (id.isEmpty()) {
            throw new DavFailure(ErrorResponses.builder(401, ErrorCode.INVALID_CREDENTIALS,
                    "WebDAV needs your email and password or an app password (HTTP Basic)")
                    .header("WWW-Authenticate", REALM).build());
        }
        return id.get();
    }

    private static DavPath path(HttpServerRequest request) {
        return DavPath.ofRawPath(request.path()).orElseThrow(() -> DavFailure.status(400));
    }

    private static String parentId(DavTree.Item parent) {
        return parent.folderId() == null ? null : parent.folderId().toHexString();
    }

    /** A file name as the path gives it, or 400 when OpenDrive would store it under another name. */
    private static String validName(String raw) {
        return valid(raw, ItemKind.FILE);
    }

    private static String validFolderName(String raw) {
        return valid(raw, ItemKind.FOLDER);
    }

    private static String valid(String raw, ItemKind kind) {
        String name;
        try {
            name = Names.validate(raw, kind);
        } catch (ApiException e) {
            throw new DavFailure(ErrorResponses.of(e));
        }
        if (!name.equals(raw) || (kind == ItemKind.FILE && !Names.fromUpload(raw).equals(raw))) {
            throw new DavFailure(ErrorResponses.of(400, ErrorCode.INVALID_NAME,
                    "Names cannot start or end with spaces or contain control characters"));
        }
        return name;
    }

    private void remove(DavTree.Item item) {
        if (item instanceof DavTree.File f) {
            trash.trashFile(f.doc());
        } else if (item instanceof DavTree.Folder f) {
            trash.trashFolder(f.doc());
        }
    }

    /**
     * A file's strong ETag over WebDAV: the first 128 bits of its SHA-256, as strong as the whole
     * hash for telling contents apart, and short enough for clients that keep If headers in small
     * buffers (litmus/neon cut an If header at 200 characters, which two 64-digit tags overflow).
     */
    static String etag(FileDocument file) {
        if (file.sha256 != null && file.sha256.length() >= 32) {
            return "\"" + file.sha256.substring(0, 32) + "\"";
        }
        return BlobResponses.etagOf(file);
    }

    private static String etagOf(DavTree.Item item) {
        return item instanceof DavTree.File f ? etag(f.doc()) : null;
    }

    /** If-Match / If-None-Match (RFC 9110) against the resource's current ETag (null: none, or no resource). */
    private static void conditional(HttpHeaders headers, String etag) {
        String ifMatch = headers.getHeaderString("If-Match");
        if (ifMatch != null && (etag == null || !(ifMatch.trim().equals("*") || matchesAny(ifMatch, etag)))) {
            throw DavFailure.status(412);
        }
        String ifNoneMatch = headers.getHeaderString("If-None-Match");
        if (ifNoneMatch != null && etag != null && (ifNoneMatch.trim().equals("*") || matchesAny(ifNoneMatch, etag))) {
            throw DavFailure.status(412);
        }
    }

    private static boolean matchesAny(String header, String etag) {
        for (String candidate : header.split(",")) {
            if (candidate.trim().equals(etag) || candidate.trim().equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<IfHeader> ifHeader(HttpServerRequest request) {
        try {
            return IfHeader.parse(request.getHeader("If"));
        } catch (IfHeader.Malformed e) {
            throw DavFailure.status(400);
        }
    }

    /**
     * The If header's conditions (412 when none of its lists holds) and the locks the write needs
     * tokens for (423 naming the locked resource); see {@link DavLocks#require}. Answers the header,
     * for a write with more locks to check ({@link #requireTokens}) without evaluating it again.
     */
    private Optional<IfHeader> checkIf(ObjectId owner, HttpServerRequest request, DavPath requestPath,
            List<DavPath> changed, List<DavPath> membership, List<DavPath> removedTrees) {
        Optional<IfHeader> ifHeader = ifHeader(request);
        if (ifHeader.isPresent() && !locks.evaluate(owner, ifHeader.get(), requestPath, p -> {
            DavTree.Target t = tree.resolve(owner, p);
            return t.item().map(DavResource::etagOf);
        })) {
            throw DavFailure.status(412);
        }
        requireTokens(owner, ifHeader, changed, membership, removedTrees);
        return ifHeader;
    }

    /** The locks part of {@link #checkIf}: 423 naming a locked resource whose token the If header lacks. */
    private void requireTokens(ObjectId owner, Optional<IfHeader> ifHeader, List<DavPath> changed,
            List<DavPath> membership, List<DavPath> removedTrees) {
        try {
            locks.require(owner, ifHeader.orElse(null), changed, membership, removedTrees);
        } catch (DavLocks.Locked e) {
            throw DavFailure.precondition(423, "lock-token-submitted", e.root.href(false));
        }
    }

    private static Long contentLength(HttpServerRequest request) {
        String raw = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw DavFailure.status(400);
        }
    }

    private static Element xml(InputStream body) {
        try {
            return DavXml.parse(body);
        } catch (DavXml.BadXml e) {
            drain(body);
            throw new DavFailure(ErrorResponses.of(e.status,
                    e.status == 413 ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.BAD_REQUEST, e.getMessage()));
        } catch (IOException e) {
            throw new DavFailure(ErrorResponses.of(400, ErrorCode.UPLOAD_INTERRUPTED, "The request body was cut off"));
        }
    }

    private static DavProps.Request propfindRequest(InputStream body) {
        Element root = xml(body);
        if (root == null) {
            return DavProps.Request.ALL;
        }
        if (!DavXml.is(root, DavXml.DAV, "propfind")) {
            throw DavFailure.status(400);
        }
        if (DavXml.child(root, DavXml.DAV, "propname") != null) {
            return new DavProps.Request(false, true, List.of());
        }
        Element prop = DavXml.child(root, DavXml.DAV, "prop");
        if (DavXml.child(root, DavXml.DAV, "allprop") != null) {
            Element include = DavXml.child(root, DavXml.DAV, "include");
            List<QName> extra = include == null ? List.of()
                    : DavXml.children(include).stream().map(DavProps::nameOf).toList();
            return new DavProps.Request(true, false, extra);
        }
        if (prop == null) {
            throw DavFailure.status(400);
        }
        return new DavProps.Request(false, false, DavXml.children(prop).stream().map(DavProps::nameOf).toList());
    }

    private static void drain(InputStream body) {
        if (body == null) {
            return;
        }
        try {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            // the client went away: nothing left to read
        }
    }

    private static Instant created(DavTree.Item item, Instant userCreated) {
        if (item instanceof DavTree.File f) {
            return f.doc().createdAt;
        }
        if (item instanceof DavTree.Folder f) {
            return f.doc().createdAt;
        }
        return userCreated;
    }

    private static Instant modified(DavTree.Item item, Instant userCreated) {
        if (item instanceof DavTree.File f) {
            return modified(f.doc());
        }
        if (item instanceof DavTree.Folder f) {
            return f.doc().updatedAt != null ? f.doc().updatedAt : f.doc().createdAt;
        }
        return userCreated;
    }

    private static Instant modified(FileDocument f) {
        return f.updatedAt != null ? f.updatedAt : f.createdAt != null ? f.createdAt : Instant.EPOCH;
    }

    private static FolderDocument folderStub(String id) {
        FolderDocument d = new FolderDocument();
        d.id = new ObjectId(id);
        return d;
    }

    interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    /** A multistatus document around {@code body}, streamed to the response. */
    private static void write(java.io.OutputStream stream, Body body) throws IOException {
        try {
            XMLStreamWriter w = DavXml.writer(stream);
            w.writeStartDocument("utf-8", "1.0");
            w.writeStartElement("D", "multistatus", DavXml.DAV);
            w.writeNamespace("D", DavXml.DAV);
            body.write(w);
            w.writeEndElement();
            w.writeEndDocument();
            w.flush();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 403 -> "Forbidden";
            case 424 -> "Failed Dependency";
            case 507 -> "Insufficient Storage";
            default -> "Error";
        };
    }
}
