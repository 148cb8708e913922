import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Starts mongo-java-server on a loopback port and prints "LISTENING host:port" once bound.
 * Exits when its standard input closes, so it never outlives the Node process that spawned it.
 *
 * Usage: java -cp CLASSPATH MongoStandin.java [--port N] [--file PATH]
 *   --port 0 (default) picks a free port; --file keeps data in an H2 MVStore file.
 */
public class MongoStandin {
  /**
   * mongo-java-server reports wire version 8 by default; the MongoDB Node driver 7 (mongoose 9)
   * refuses servers below wire version 9, so report a MongoDB 7.0-level server (wire 21).
   */
  static final MongoVersion MONGO_7_0 = new MongoVersion() {
    public List<Integer> getVersionArray() { return List.of(7, 0, 0); }
    public int getWireVersion() { return 21; }
  };

  public static void main(String[] args) throws Exception {
    int port = 0;
    String file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port")) port = Integer.parseInt(args[++i]);
      else if (args[i].equals("--file")) file = args[++i];
    }
    MongoBackend backend = file == null ? new MemoryBackend() : new H2Backend(file);
    backend.version(MONGO_7_0);
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", port);
    InetSocketAddress address = server.getLocalAddress();
    System.out.println("LISTENING " + address.getHostString() + ":" + address.getPort());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    while (System.in.read() != -1) {
      // wait for the parent to close our stdin (it exited or stopped us)
    }
    server.shutdownNow();
    System.exit(0);
  }
}
