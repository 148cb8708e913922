import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
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
  /** Threads that run commands; a connection keeps one, so its commands stay in order. */
  static final int COMMAND_THREADS = 128;

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
    // mongo-java-server's own MongoServer runs each command on the I/O thread of its connection,
    // a few threads shared by all connections. A command waiting for a collection that another
    // one holds (its collections are synchronized; without indexes a scan holds one for
    // milliseconds) then held up every connection of that thread, the driver's monitor too,
    // whose `hello` unanswered for 1.5 s made the driver take the server for dead and fail what
    // was in flight. Here the commands run on threads of their own, one per connection while
    // there are fewer than COMMAND_THREADS connections, and the I/O threads only read and write.
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup io = new NioEventLoopGroup();
    EventExecutorGroup commands = new DefaultEventExecutorGroup(COMMAND_THREADS);
    ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    Channel listening = new ServerBootstrap()
        .group(boss, io)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline()
                .addLast(new MongoWireReplyEncoder(), new MongoWireMessageEncoder())
                .addLast(new MongoWireProtocolHandler())
                .addLast(commands, new MongoDatabaseHandler(backend, clients))
                .addLast(new MongoExceptionHandler());
          }
        })
        .bind("127.0.0.1", port)
        .syncUninterruptibly()
        .channel();
    InetSocketAddress address = (InetSocketAddress) listening.localAddress();
    System.out.println("LISTENING " + address.getHostString() + ":" + address.getPort());
    System.out.flush();
    Runnable stop = () -> {
      listening.close().syncUninterruptibly();
      clients.close().syncUninterruptibly();
      boss.shutdownGracefully();
      io.shutdownGracefully();
      commands.shutdownGracefully();
      backend.close();
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stop));
    while (System.in.read() != -1) {
      // wait for the parent to close our stdin (it exited or stopped us)
    }
    System.exit(0);
  }
}
