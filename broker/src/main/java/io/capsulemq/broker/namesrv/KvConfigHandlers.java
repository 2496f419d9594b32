package io.capsulemq.broker.namesrv;

import io.capsulemq.broker.namesrv.wire.KvTable;
import io.capsulemq.broker.namesrv.wire.WireJson;
import io.capsulemq.broker.remoting.RemotingConnection;
import io.capsulemq.broker.remoting.netty.RemotingServer;
import io.capsulemq.broker.remoting.protocol.RemotingCommand;
import io.capsulemq.broker.remoting.protocol.RequestCode;
import io.capsulemq.broker.remoting.protocol.ResponseCode;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/** The NameServer's key-value configuration, as mqadmin's updateKvConfig, deleteKvConfig and updateOrderConf use it. */
final class KvConfigHandlers {
    private final KvConfigStore store;

    KvConfigHandlers(KvConfigStore store) {
        this.store = store;
    }

    void registerOn(RemotingServer server, Executor executor) {
        server.registerProcessor(RequestCode.PUT_KV_CONFIG, Handler.processor(this::put), executor);
        server.registerProcessor(RequestCode.GET_KV_CONFIG, Handler.processor(this::get), executor);
        server.registerProcessor(RequestCode.DELETE_KV_CONFIG, Handler.processor(this::delete), executor);
        server.registerProcessor(RequestCode.GET_KVLIST_BY_NAMESPACE, Handler.processor(this::namespace), executor);
    }

    private RemotingCommand put(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        RequestHeaders headers = new RequestHeaders(request);
        store.put(headers.required("namespace"), headers.required("key"), headers.required("value"));
        return Handler.success();
    }

    private RemotingCommand get(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        RequestHeaders headers = new RequestHeaders(request);
        String namespace = headers.required("namespace");
        String key = headers.required("key");
        Optional<String> value = store.get(namespace, key);
        if (value.isEmpty()) {
            return RemotingCommand.response(ResponseCode.QUERY_NOT_FOUND,
                    "No config item, Namespace: " + namespace + " Key: " + key);
        }
        return RemotingCommand.response(ResponseCode.SUCCESS).extField("value", value.get()).build();
    }

    private RemotingCommand delete(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        RequestHeaders headers = new RequestHeaders(request);
        store.delete(headers.required("namespace"), headers.required("key"));
        return Handler.success();
    }

    private RemotingCommand namespace(RemotingConnection connection, RemotingCommand request)
            throws InvalidRequestException {
        String namespace = new RequestHeaders(request).required("namespace");
        Optional<Map<String, String>> pairs = store.namespace(namespace);
        if (pairs.isEmpty()) {
            return RemotingCommand.response(ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + namespace);
        }
        return Handler.success(WireJson.encode(new KvTable(pairs.get())));
    }
}
