package io.capsulemq.broker.server;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;

/**
 * The header of a send, from either of RocketMQ's spellings: SEND_MESSAGE's full field names, or the single letters
 * of SEND_MESSAGE_V2 and SEND_BATCH_MESSAGE ({@code a} producer group ... {@code n} broker name).
 *
 * @param queueId        the queue asked for; negative lets the broker choose
 * @param properties     the message properties in RocketMQ's encoding, or null
 * @param maxReconsumeTimes the consumer's retry limit on a send to a retry topic, or -1
 * @param defaultTopicQueueNums how many queues the producer expects a topic created by this send to have (it chose
 *                              the queue from the template topic's route on that basis), or 0
 */
record SendHeader(String producerGroup, String topic, int queueId, int sysFlag, long bornTimestamp, int flag,
                  String properties, int reconsumeTimes, int maxReconsumeTimes, int defaultTopicQueueNums) {

    static SendHeader read(RemotingCommand request) {
        RequestFields f = RequestFields.of(request);
        if (request.code() == RequestCode.SEND_MESSAGE) {
            return new SendHeader(
                    f.string("producerGroup"),
                    f.string("topic"),
                    f.integer("queueId"),
                    f.integer("sysFlag"),
                    f.longValue("bornTimestamp"),
                    f.integer("flag"),
                    f.optionalString("properties"),
                    f.optionalInteger("reconsumeTimes", 0),
                    f.optionalInteger("maxReconsumeTimes", -1),
                    f.optionalInteger("defaultTopicQueueNums", 0));
        }
        return new SendHeader(
                f.string("a", "producerGroup"),
                f.string("b", "topic"),
                f.integer("e", "queueId"),
                f.integer("f", "sysFlag"),
                f.longValue("g", "bornTimestamp"),
                f.integer("h", "flag"),
                f.optionalString("i"),
                f.optionalInteger("j", "reconsumeTimes", 0),
                f.optionalInteger("l", "maxReconsumeTimes", -1),
                f.optionalInteger("d", "defaultTopicQueueNums", 0));
    }
}
