package org.stripesql.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Right around Avatica's handler: a body that is no Avatica request in the gateway's wire format, or a
 * request missing what its kind needs (a connection id, the SQL, a statement handle), gets 400 with an
 * ErrorResponse (SQLSTATE 08P01) before Avatica runs it; Avatica would answer 500 naming the Java
 * exception its parser or the Meta threw. A well-formed request is handed on with its body as read
 * (already bounded by the request size cap).
 */
final class MalformedRpcGuard extends HandlerWrapper {
  private static final ProtobufTranslationImpl PROTOBUF = new ProtobufTranslationImpl();

  private final Driver.Serialization serialization;

  MalformedRpcGuard(Driver.Serialization serialization) {
    this.serialization = serialization;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (!"POST".equals(request.getMethod())) {
      super.handle(target, baseRequest, request, response);
      return;
    }
    byte[] body = request.getInputStream().readAllBytes();
    String problem;
    try {
      Service.Request rpc = serialization == Driver.Serialization.JSON
          ? JsonService.MAPPER.readValue(body, Service.Request.class) : PROTOBUF.parseRequest(body);
      problem = rpc == null ? "an empty body" : missing(rpc);
    } catch (IOException | RuntimeException e) {
      problem = "a body that is not an Avatica request in " + serialization.name().toLowerCase(Locale.ROOT);
    }
    if (problem != null) {
      AvaticaErrorBody.send(response, serialization, HttpServletResponse.SC_BAD_REQUEST,
          AvaticaErrorBody.PROTOCOL_VIOLATION, "Malformed request: " + problem);
      baseRequest.setHandled(true);
      return;
    }
    super.handle(target, baseRequest, new Replayed(request, body), response);
  }

  /** What a well-formed request of this kind has and {@code rpc} lacks, or null. */
  static String missing(Service.Request rpc) {
    if (rpc instanceof Service.ExecuteRequest e) {
      return e.statementHandle == null || e.statementHandle.connectionId == null ? "no statement handle"
          : e.parameterValues == null || e.parameterValues.contains(null) ? "no parameter values" : null;
    }
    String connectionId = connectionId(rpc);
    if (connectionId == null) {
      return "no connection id";
    }
    if (rpc instanceof Service.PrepareRequest p) {
      return p.sql == null ? "no SQL" : null;
    }
    if (rpc instanceof Service.PrepareAndExecuteRequest p) {
      return p.sql == null ? "no SQL" : null;
    }
    if (rpc instanceof Service.PrepareAndExecuteBatchRequest b) {
      return b.sqlCommands == null || b.sqlCommands.contains(null) ? "no SQL" : null;
    }
    if (rpc instanceof Service.ExecuteBatchRequest b) {
      return b.parameterValues == null || b.parameterValues.stream().anyMatch(r -> r == null || r.contains(null))
          ? "no parameter values" : null;
    }
    if (rpc instanceof Service.SyncResultsRequest s) {
      return badState(s.state);
    }
    if (rpc instanceof Service.ConnectionSyncRequest c) {
      return c.connProps == null ? "no connection properties" : null;
    }
    if (rpc instanceof Service.TablesRequest t && t.typeList != null && t.typeList.contains(null)) {
      return "a null table type";
    }
    return null;
  }

  private static String badState(QueryState state) {
    if (state == null || state.type == null) {
      return "no query state";
    }
    switch (state.type) {
      case SQL:
        return state.sql == null ? "no SQL in the query state" : null;
      case METADATA:
        return state.metaDataOperation == null ? "no metadata operation in the query state" : null;
      default:
        return "an unknown query state";
    }
  }

  private static String connectionId(Service.Request rpc) {
    if (rpc instanceof Service.OpenConnectionRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.CloseConnectionRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.ConnectionSyncRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.CreateStatementRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.CloseStatementRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.PrepareRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.PrepareAndExecuteRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.PrepareAndExecuteBatchRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.ExecuteBatchRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.FetchRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.SyncResultsRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.CommitRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.RollbackRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.DatabasePropertyRequest r) {
      return r.connectionId;
    }
    return metadataConnectionId(rpc);
  }

  private static String metadataConnectionId(Service.Request rpc) {
    if (rpc instanceof Service.CatalogsRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.SchemasRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.TablesRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.TableTypesRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.TypeInfoRequest r) {
      return r.connectionId;
    } else if (rpc instanceof Service.ColumnsRequest r) {
      return r.connectionId;
    }
    return "";   // a kind without a connection
  }

  /** The request with its body read already, handed to Avatica as if unread. */
  private static final class Replayed extends HttpServletRequestWrapper {
    private final byte[] body;

    Replayed(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("blocking reads only");
        }
      };
    }
  }
}
