package dev.dhii.runtime.kernel;

import dev.dhii.api.ErrorCode;
import dev.dhii.api.PluginException;
import dev.dhii.runtime.manifest.ManifestProblem;
import dev.dhii.runtime.manifest.ManifestReader;
import dev.dhii.runtime.manifest.PluginManifest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.stream.Collectors;

/** Re-reads a plugin's manifest file for a redeploy or an enable, refusing a changed id or a taken capability. */
final class ManifestRefresh {

  private ManifestRefresh() {
  }

  static Future<PluginManifest> reread(Vertx vertx, PluginRegistry registry, PluginRecord record) {
    return vertx.executeBlocking(() -> ManifestReader.create().read(record.manifest().file())).compose(result -> {
      if (result.failed()) {
        return Future.failedFuture(PluginException.of(ErrorCode.CONFIGURATION, result.problems().stream()
          .map(ManifestProblem::message).collect(Collectors.joining("; "))));
      }
      PluginManifest manifest = result.manifest();
      if (!manifest.id().equals(record.id())) {
        return Future.failedFuture(PluginException.of(ErrorCode.CONFIGURATION, "The manifest's id changed from "
          + record.id() + " to " + manifest.id()));
      }
      for (String capability : manifest.capabilities()) {
        PluginRecord owner = registry.declaring(capability);
        if (owner != null && owner != record) {
          return Future.failedFuture(PluginException.of(ErrorCode.CONFIGURATION, "Capability " + capability
            + " is already provided by plugin " + owner.id()));
        }
      }
      return Future.succeededFuture(manifest);
    });
  }
}
