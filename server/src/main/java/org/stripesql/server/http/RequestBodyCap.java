package org.stripesql.server.http;

import java.io.IOException;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.remote.Driver;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * In front of the login: a request body larger than the cap gets 413 (an ErrorResponse, SQLSTATE 54000)
 * and the connection is closed; one that says so in its {@code Content-Length} before anything is read,
 * a chunked one as soon as reading passes the cap. Avatica reads a whole body into memory before it
 * decodes it, so without the cap one request could take the heap.
 */
final class RequestBodyCap extends HandlerWrapper {
  private final long maxBytes;
  private final Driver.Serialization serialization;

  RequestBodyCap(long maxBytes, Driver.Serialization serialization) {
    this.maxBytes = maxBytes;
    this.serialization = serialization;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (request.getContentLengthLong() > maxBytes) {
      refuse(baseRequest, response);
      return;
    }
    try {
      super.handle(target, baseRequest, new Capped(request, maxBytes), response);
    } catch (TooLarge e) {
      if (response.isCommitted()) {
        throw e;
      }
      response.reset();
      refuse(baseRequest, response);
    }
  }

  private void refuse(Request baseRequest, HttpServletResponse response) throws IOException {
    baseRequest.setHandled(true);
    response.setHeader("Connection", "close");
    AvaticaErrorBody.send(response, serialization, 413, AvaticaErrorBody.PROGRAM_LIMIT,
        "The request is larger than " + maxBytes + " bytes (--max-request-bytes).");
  }

  /** Reading passed the cap. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("request body over the cap");
    }
  }

  /** The request whose body stream stops at the cap. */
  private static final class Capped extends HttpServletRequestWrapper {
    private final long max;
    private ServletInputStream stream;

    Capped(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CappedStream(super.getInputStream(), max);
      }
      return stream;
    }
  }

  /** Counts the bytes read and fails past the cap. */
  private static final class CappedStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long max;
    private long read;

    CappedStream(ServletInputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws TooLarge {
      read += n;
      if (read > max) {
        throw new TooLarge();
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
