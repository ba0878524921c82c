package dev.dhii.runtime.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.util.List;

/** This node's id and the ids of the cluster's members, from Vert.x's cluster manager. */
public final class ClusterNodes {

  /** The node id of a runtime that is not clustered. */
  public static final String LOCAL = "local";

  private ClusterNodes() {
  }

  /** @param vertx a Vert.x instance @return its cluster node id, or {@value #LOCAL} when not clustered */
  public static String self(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).clusterManager().getNodeId() : LOCAL;
  }

  /** @param vertx a Vert.x instance @return the ids of the cluster's current members (this node alone when not clustered) */
  public static List<String> members(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).clusterManager().getNodes() : List.of(LOCAL);
  }
}
