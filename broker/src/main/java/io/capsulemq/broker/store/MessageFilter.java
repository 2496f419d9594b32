package io.capsulemq.broker.store;

/**
 * Decides which messages a read returns: first cheaply on the consume queue's tag code, then exactly on the
 * message itself (tag hashes can collide; SQL filters need the properties).
 */
public interface MessageFilter {
    MessageFilter ALL = new MessageFilter() {
        @Override
        public boolean matchesTagsCode(long tagsCode) {
            return true;
        }

        @Override
        public boolean matches(StoredMessage message) {
            return true;
        }
    };

    boolean matchesTagsCode(long tagsCode);

    boolean matches(StoredMessage message);
}
