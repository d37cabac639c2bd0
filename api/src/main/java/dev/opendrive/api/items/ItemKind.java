package dev.opendrive.api.items;

/** The two kinds of item in a drive, as the messages of the rules they share name them. */
public enum ItemKind {

    FILE("File"),
    FOLDER("Folder");

    private final String label;

    ItemKind(String label) {
        this.label = label;
    }

    /** "File name is required", "Folder name is required". */
    public String nameRequired() {
        return label + " name is required";
    }

    /** "A file named 'x' already exists here". */
    public String nameTaken(String name) {
        return "A " + label.toLowerCase(java.util.Locale.ROOT) + " named '" + name + "' already exists here";
    }
}
