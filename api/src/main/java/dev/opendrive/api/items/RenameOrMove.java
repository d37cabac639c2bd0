package dev.opendrive.api.items;

import java.util.Optional;
import java.util.function.Predicate;

import dev.opendrive.api.errors.ApiException;
import dev.opendrive.api.errors.ErrorCode;

/**
 * What a PUT/PATCH of a file or folder asks for: a new name, another folder, or both at once. The
 * rules both kinds share are here once; each service resolves the target folder (its own checks,
 * such as a folder not moving into itself) and stores the result.
 *
 * @param name the name as typed; null when the request does not rename
 * @param target the folder to move into; null when the request does not move
 */
public record RenameOrMove(String name, MoveTarget target) {

    public boolean moves() {
        return target != null;
    }

    /** The raw folder reference to move into (null for the root); only when {@link #moves()}. */
    public String targetFolderId() {
        return target.folderId();
    }

    /** A request that neither renames nor moves is refused: 400 NAME_REQUIRED. */
    public void requireChange(ItemKind kind) {
        if (name == null && !moves()) {
            throw ApiException.badRequest(ErrorCode.NAME_REQUIRED, kind.nameRequired());
        }
    }

    /**
     * The name the item takes in its target folder; empty when it keeps the one it has. A typed name
     * is validated and refused with 409 when another item there has it (the user asked for that exact
     * name). An item that only changes folder keeps its name, made unique in the new folder
     * ("a (1).txt").
     *
     * @param changesFolder whether the target folder differs from the current one
     * @param takenKey whether a name key is used by another item in the target folder
     */
    public Optional<String> newName(ItemKind kind, String current, boolean changesFolder, Predicate<String> takenKey) {
        if (name != null) {
            String typed = Names.validate(name, kind);
            if (takenKey.test(Names.key(typed))) {
                throw ApiException.conflict(ErrorCode.NAME_CONFLICT, kind.nameTaken(typed));
            }
            return Optional.of(typed);
        }
        if (changesFolder) {
            return Optional.of(Names.available(current, takenKey));
        }
        return Optional.empty();
    }
}
