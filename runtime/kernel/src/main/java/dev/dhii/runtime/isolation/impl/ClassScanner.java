package dev.dhii.runtime.isolation.impl;

import dev.dhii.runtime.isolation.ForbiddenApiScanner.Violation;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Visits one class and reports each reference that a {@link RuleMatcher} says needs a permission. */
final class ClassScanner extends ClassVisitor {

  private final RuleMatcher matcher;
  private final Consumer<Violation> sink;
  private String className;

  ClassScanner(RuleMatcher matcher, Consumer<Violation> sink) {
    super(Opcodes.ASM9);
    this.matcher = matcher;
    this.sink = sink;
  }

  @Override
  public void visit(int version, int access, String name, String signature, String superName,
      String[] interfaces) {
    className = name.replace('/', '.');
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
      String[] exceptions) {
    return new MethodScanner(name + descriptor);
  }

  private final class MethodScanner extends MethodVisitor {

    private final String method;
    /** Instances created (NEW) whose constructor call is still to come, by type. */
    private final Map<String, Integer> pendingNew = new HashMap<>();

    MethodScanner(String method) {
      super(Opcodes.ASM9);
      this.method = method;
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      if (opcode == Opcodes.NEW) {
        // Reported at the constructor call, which has the descriptor; NEW alone is not a use.
        if (matcher.instantiation(type) != null) {
          pendingNew.merge(type, 1, Integer::sum);
        }
      } else {
        report(Type.getObjectType(type).getClassName(), matcher.use(type));
      }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
        boolean isInterface) {
      String call = member(owner, name, descriptor);
      // A constructor call without a pending NEW is a subclass's super(...) call, not a creation.
      if ("<init>".equals(name) && pendingNew.getOrDefault(owner, 0) > 0) {
        pendingNew.merge(owner, -1, Integer::sum);
        report(call, matcher.instantiation(owner));
      }
      report(call, matcher.call(owner, name));
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      report(owner.replace('/', '.') + "." + name + ":" + descriptor, matcher.use(owner));
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
      visitConstant(Type.getType(descriptor));
    }

    @Override
    public void visitLdcInsn(Object value) {
      visitConstant(value);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
        Object... arguments) {
      visitHandle(bootstrap);
      for (Object argument : arguments) {
        visitConstant(argument);
      }
    }

    private void visitConstant(Object value) {
      if (value instanceof Type type && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
        report(type.getClassName(), matcher.use(type.getInternalName()));
      } else if (value instanceof Handle handle) {
        visitHandle(handle);
      } else if (value instanceof ConstantDynamic dynamic) {
        visitHandle(dynamic.getBootstrapMethod());
        for (int i = 0; i < dynamic.getBootstrapMethodArgumentCount(); i++) {
          visitConstant(dynamic.getBootstrapMethodArgument(i));
        }
      }
    }

    /** A method reference ({@code System::exit}) or a field handle. */
    private void visitHandle(Handle handle) {
      String owner = handle.getOwner();
      if (handle.getTag() <= Opcodes.H_PUTSTATIC) {
        report(owner.replace('/', '.') + "." + handle.getName() + ":" + handle.getDesc(),
            matcher.use(owner));
        return;
      }
      String call = member(owner, handle.getName(), handle.getDesc());
      if (handle.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
        report(call, matcher.instantiation(owner));
      }
      report(call, matcher.call(owner, handle.getName()));
    }

    private void report(String forbiddenCall, String permission) {
      if (permission != null) {
        sink.accept(new Violation(className, method, forbiddenCall, permission));
      }
    }
  }

  private static String member(String owner, String name, String descriptor) {
    return owner.replace('/', '.') + "." + name + descriptor;
  }
}
