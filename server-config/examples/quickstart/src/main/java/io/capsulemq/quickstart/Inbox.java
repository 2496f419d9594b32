package io.capsulemq.quickstart;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the message-driven bean received, newest last. */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Inbox {
    private final List<String> messages = new CopyOnWriteArrayList<>();

    public void add(String line) {
        messages.add(line);
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }
}
