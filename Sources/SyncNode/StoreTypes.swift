import SyncStore

// The store's value types that the node's API hands out, named through
// SyncNode so that its callers (the CLI) need not know the store module.
package typealias ListFilter = SyncStore.ListFilter
package typealias DocumentSummary = SyncStore.DocumentSummary
package typealias StoredDocument = SyncStore.StoredDocument
package typealias RevisionRecord = SyncStore.RevisionRecord
package typealias PeerSyncState = SyncStore.PeerSyncState
package typealias StoreStats = SyncStore.StoreStats
package typealias RejectedRevision = SyncStore.RejectedRevision
package typealias RunRecord = SyncStore.RunRecord
