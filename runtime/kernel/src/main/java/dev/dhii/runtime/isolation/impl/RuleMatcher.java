package dev.dhii.runtime.isolation.impl;

import org.objectweb.asm.Type;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers, for one reference found in bytecode, which permission it needs ({@code null}: none).
 * Built per scan from the rules still in force and the superclasses of the scanned classes.
 */
final class RuleMatcher {

  private final List<ApiRule> rules;
  private final Map<String, String> superNames;
  private final Map<String, String> instantiationPermissions = new HashMap<>();
  private final Set<String> owners;

  /**
   * @param rules the rules whose permission is not granted
   * @param superNames internal class name to internal superclass name, for every scanned class
   */
  RuleMatcher(List<ApiRule> rules, Map<String, String> superNames) {
    this.rules = rules;
    this.superNames = superNames;
    this.owners = rules.stream().map(ApiRule::owner).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /**
   * Whether a reference to a class could need a permission: it, or its arrays' element type, is a rule's owner,
   * or a scanned subclass of an instantiation rule's owner.
   *
   * @param internalName a class's internal name, or an array's descriptor
   */
  boolean relevant(String internalName) {
    String element = elementType(internalName);
    return owners.contains(element) || instantiation(element) != null;
  }

  private static String elementType(String internalName) {
    return internalName.startsWith("[")
        ? Type.getType(internalName).getElementType().getInternalName()
        : internalName;
  }

  String call(String owner, String name) {
    for (ApiRule rule : rules) {
      if (rule.owner().equals(owner) && (rule.kind() == ApiRule.Kind.ANY_USE || rule.matchesMember(name))) {
        return rule.permission();
      }
    }
    return null;
  }

  /** A field access, a class literal, a cast or an array of {@code internalName}. */
  String use(String internalName) {
    String element = elementType(internalName);
    for (ApiRule rule : rules) {
      if (rule.kind() == ApiRule.Kind.ANY_USE && rule.owner().equals(element)) {
        return rule.permission();
      }
    }
    return null;
  }

  /** Creating an instance of {@code owner}: matches its rule, or the rule of a scanned superclass. */
  String instantiation(String owner) {
    if (instantiationPermissions.containsKey(owner)) {
      return instantiationPermissions.get(owner);
    }
    String permission = null;
    Set<String> seen = new HashSet<>();
    for (String type = owner; type != null && seen.add(type) && permission == null;
        type = superNames.get(type)) {
      for (ApiRule rule : rules) {
        if (rule.kind() == ApiRule.Kind.INSTANTIATION && rule.owner().equals(type)) {
          permission = rule.permission();
          break;
        }
      }
    }
    instantiationPermissions.put(owner, permission);
    return permission;
  }
}
