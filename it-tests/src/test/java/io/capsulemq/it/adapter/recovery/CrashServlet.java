package io.capsulemq.it.adapter.recovery;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The crash test's handle on the application: {@code POST /orders?id=..[&stall=true]} places an order (stalling
 * its commit before the kill), {@code GET /orders?id=..} says what exists of it.
 */
@WebServlet("/orders")
public class CrashServlet extends HttpServlet {
    /** Written by the stalled commit, under the server instance's folder. */
    static final String STALL_MARKER = "commit-stalled";

    @EJB
    private CrashOrders orders;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("id");
        Path stallAt = Boolean.parseBoolean(request.getParameter("stall"))
                ? Path.of(System.getProperty("com.sun.aas.instanceRoot"), STALL_MARKER) : null;
        try {
            orders.place(id, stallAt);
        } catch (Exception e) {
            throw new IOException("order " + id + " failed", e);
        }
        response.getWriter().print("placed " + id);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            response.getWriter().print(orders.state(request.getParameter("id")));
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
