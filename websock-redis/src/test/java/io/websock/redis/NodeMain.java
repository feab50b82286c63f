package io.websock.redis;

/**
 * A node in its own JVM, for the multi-process tests: {@code NodeMain <redis-uri>} starts a {@link Node},
 * prints {@code PORT <n>} on stdout, and runs until stdin closes (or the process is killed).
 */
public final class NodeMain {

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Node node = Node.start(RedisTopicBus.create(args[0]));
        System.out.println("PORT " + node.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes stdin
        }
        node.close();
        System.exit(0);
    }
}
