/**
 * The seam between the API implementation and a broker: {@link io.capsulemq.client.gateway.BrokerGateway} and the
 * plain values it speaks in (records and enums of this package, the API's own {@code TransactionResolution}; no
 * engine types), so that an in-process and a network implementation serve the same clients unchanged.
 *
 * <h2>For an implementation</h2>
 * <ul>
 *   <li><b>Where it plugs in.</b> Clients get a gateway from {@code io.capsulemq.client.endpoint.CapsuleEndpoints}
 *       as a {@code GatewayLease}: one gateway is shared by every client of an endpoint, and the lease's release
 *       (when the last client closes) is where an implementation closes what it opened (the embedded broker; a
 *       connection). The gateway itself has no close. {@code io.capsulemq.client.local.LocalGateway} is the
 *       in-process implementation; a network one is chosen there for endpoints that are neither {@code local...}
 *       nor registered names.</li>
 *   <li><b>Threads.</b> Every method may be called from any client thread, concurrently. Futures may complete on
 *       the implementation's threads; clients move real work to their own executors, so completing a future must
 *       not wait for a client. {@link io.capsulemq.client.gateway.ClientListener} calls must return at once.</li>
 *   <li><b>Heartbeats.</b> {@code registerProducer} and {@code registerConsumer} are heartbeats: clients repeat
 *       them (a push consumer on each rebalance, at least every 20 s; producers and simple consumers every 20 s),
 *       and the broker forgets a client silent for its client expiry (120 s by default). The listener given is
 *       the client's way back (check-backs, group changes, offset resets) until it unregisters or goes silent;
 *       its {@code clientId()} is stable for the client's life.</li>
 *   <li><b>Failures.</b> A refusal or failure is a {@link io.capsulemq.client.gateway.GatewayException}, thrown
 *       by the direct calls and as the cause of a failed future, never another exception type; its kind says
 *       whether the producer may try again ({@code UNAVAILABLE}, {@code INTERNAL}) and its message, which reaches
 *       the application, says what was wrong (a malformed filter: the expression and the position of the fault).
 *       A network implementation reports timeouts and lost connections as {@code UNAVAILABLE}.</li>
 *   <li><b>Consumer group settings</b> are the broker's ({@code consumerSettings}, and the answer to each
 *       heartbeat): whether the group is ordered, broadcasting, its retries and where it starts.</li>
 * </ul>
 *
 * <h2>The calls and Apache RocketMQ's remoting requests</h2>
 * The nearest request of RocketMQ's remoting protocol for each call, as a guide for a network implementation:
 * {@code route}: GET_ROUTEINFO_BY_TOPIC (105, to a NameServer); {@code send}: SEND_MESSAGE_V2 (310);
 * {@code sendBatch}: SEND_BATCH_MESSAGE (320); {@code endTransaction}: END_TRANSACTION (37);
 * {@code registerProducer}, {@code registerConsumer}: HEART_BEAT (34), with the consumer's subscriptions, then
 * GET_SUBSCRIPTIONGROUP_CONFIG (352) for {@code consumerSettings}; {@code unregisterProducer},
 * {@code unregisterConsumer}: UNREGISTER_CLIENT (35); {@code memberIds}: GET_CONSUMER_LIST_BY_GROUP (38);
 * {@code pull}: PULL_MESSAGE (11) with a suspend timeout; {@code committedOffset}: QUERY_CONSUMER_OFFSET (14);
 * {@code commitOffset}: UPDATE_CONSUMER_OFFSET (15); {@code bounds}: GET_MIN_OFFSET (31) and GET_MAX_OFFSET (30);
 * {@code startOffset}: the group's consume-from setting resolved with GET_MAX_OFFSET, GET_MIN_OFFSET or
 * SEARCH_OFFSET_BY_TIMESTAMP (29); {@code lockQueues}, {@code unlockQueues}: LOCK_BATCH_MQ (41), UNLOCK_BATCH_MQ
 * (42); {@code sendBack}: CONSUMER_SEND_MSG_BACK (36); {@code pop}: POP_MESSAGE (200050); {@code ack}:
 * ACK_MESSAGE (200051); {@code changeInvisibleDuration}: CHANGE_MESSAGE_INVISIBLETIME (200053). The broker's calls
 * back: {@code consumerIdsChanged}: NOTIFY_CONSUMER_IDS_CHANGED (40); {@code checkTransaction}:
 * CHECK_TRANSACTION_STATE (39); {@code offsetsReset}: RESET_CONSUMER_CLIENT_OFFSET (220).
 */
package io.capsulemq.client.gateway;
