package io.capsulemq.client.remote;

import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;
import io.capsulemq.client.gateway.GatewayException;
import io.capsulemq.client.gateway.GatewayException.Kind;

/** A broker's or NameServer's refusal as the gateway's failure, its kind telling whether trying again may help. */
final class Refusals {
    private Refusals() {
    }

    static GatewayException of(String server, RemotingCommand request, RemotingCommand response) {
        String remark = response.remark() == null || response.remark().isBlank() ? "" : ": " + response.remark();
        return new GatewayException(kind(response.code()), server + " refused " + RequestCode.nameOf(request.code())
                + " with " + ResponseCode.nameOf(response.code()) + remark + credentialsNote(request, response));
    }

    /** A refused permission says which credentials were refused, or that there were none (the secret never). */
    private static String credentialsNote(RemotingCommand request, RemotingCommand response) {
        if (response.code() != ResponseCode.NO_PERMISSION) {
            return "";
        }
        String accessKey = request.extField(RequestSigner.ACCESS_KEY);
        return accessKey == null ? " (the request was not signed: no credentials were given)"
                : " (signed with access key " + accessKey + ")";
    }

    static Kind kind(int code) {
        return switch (code) {
            case ResponseCode.TOPIC_NOT_EXIST -> Kind.TOPIC_NOT_FOUND;
            case ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST -> Kind.GROUP_NOT_FOUND;
            case ResponseCode.NO_PERMISSION -> Kind.FORBIDDEN;
            case ResponseCode.MESSAGE_ILLEGAL, ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                 ResponseCode.SUBSCRIPTION_NOT_EXIST, ResponseCode.SUBSCRIPTION_NOT_LATEST,
                 ResponseCode.INVALID_PARAMETER, ResponseCode.ILLEGAL_OPERATION, ResponseCode.VERSION_NOT_SUPPORTED,
                 ResponseCode.REQUEST_CODE_NOT_SUPPORTED, ResponseCode.FILTER_DATA_NOT_EXIST,
                 ResponseCode.FILTER_DATA_NOT_LATEST -> Kind.ILLEGAL_REQUEST;
            case ResponseCode.QUERY_NOT_FOUND, ResponseCode.NO_MESSAGE -> Kind.NOT_FOUND;
            case ResponseCode.SYSTEM_BUSY, ResponseCode.SERVICE_NOT_AVAILABLE, ResponseCode.SLAVE_NOT_AVAILABLE,
                 ResponseCode.FLUSH_DISK_TIMEOUT, ResponseCode.FLUSH_SLAVE_TIMEOUT, ResponseCode.POLLING_FULL,
                 ResponseCode.FLOW_CONTROL, ResponseCode.GO_AWAY, ResponseCode.NOT_LEADER_FOR_QUEUE,
                 ResponseCode.BROKER_NOT_EXIST -> Kind.UNAVAILABLE;
            default -> Kind.INTERNAL;
        };
    }
}
