extension ArgumentSpec {
    /// The document id argument of show, edit, delete and resolve: one
    /// help text for the prefixes `DocumentIDResolver` accepts.
    static let documentID = ArgumentSpec(
        name: "id", help: "The document's id, or 4 or more of its first characters (or of the part after the node name).")
}
