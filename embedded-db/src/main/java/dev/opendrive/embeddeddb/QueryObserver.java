package dev.opendrive.embeddeddb;

import de.bwaldvogel.mongo.bson.Document;

/** Sees every query the engine plans: tests use it to catch a full scan of a growing collection. */
@FunctionalInterface
public interface QueryObserver {

    /**
     * @param namespace "database.collection"
     * @param plan COLLSCAN (every document read), IXSCAN (index ranges only) or IXSCAN+SORT (sorted
     *        in memory after the index scan)
     * @param indexes the indexes read, comma separated
     */
    record QueryEvent(String namespace, Document filter, Document sort, String plan, String indexes) {
        public boolean isCollectionScan() {
            return plan.equals("COLLSCAN");
        }
    }

    void onQuery(QueryEvent event);
}
