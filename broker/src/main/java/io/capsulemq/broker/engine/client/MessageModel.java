package io.capsulemq.broker.engine.client;

/** Clustering: each message goes to one member of the group. Broadcasting: to every member. */
public enum MessageModel {
    CLUSTERING, BROADCASTING
}
