package io.capsulemq.it.adapter.running;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The acknowledgements the redeployed bean sent, as the probe application received them. */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Acks {
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    public void add(String body) {
        bodies.add(body);
    }

    public List<String> bodies() {
        return List.copyOf(bodies);
    }
}
