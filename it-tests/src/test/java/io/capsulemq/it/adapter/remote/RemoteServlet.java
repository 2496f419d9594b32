package io.capsulemq.it.adapter.remote;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * The test's handle on the application: {@code POST /remote?op=send&topic=..&id=..&tag=..&color=..} sends at once,
 * {@code POST /remote?op=place&id=..[&rollback=true]} sends in an XA transaction with a row, {@code GET
 * /remote?op=state&id=..} tells the rows and deliveries, {@code GET /remote?op=attempts&id=..} the retrying bean's
 * delivery attempts.
 */
@WebServlet("/remote")
public class RemoteServlet extends HttpServlet {
    @EJB
    private RemoteOrders orders;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("id");
        try {
            switch (request.getParameter("op")) {
                case "send" -> response.getWriter().print(orders.send(request.getParameter("topic"), id,
                        request.getParameter("tag"), request.getParameter("color")));
                case "place" -> {
                    try {
                        orders.place(id, Boolean.parseBoolean(request.getParameter("rollback")));
                        response.getWriter().print("placed " + id);
                    } catch (jakarta.ejb.EJBException e) {
                        response.getWriter().print("rolled back " + id);
                    }
                }
                default -> response.sendError(400, "unknown op");
            }
        } catch (Exception e) {
            throw new IOException(request.getParameter("op") + " " + id + " failed", e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("id");
        try {
            switch (request.getParameter("op")) {
                case "state" -> response.getWriter().print(orders.state(id));
                case "attempts" -> response.getWriter().print(RetryingListener.ATTEMPTS.getOrDefault(id, List.of()));
                default -> response.sendError(400, "unknown op");
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
