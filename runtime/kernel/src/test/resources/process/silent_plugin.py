"""A process that never announces anything: the kernel must give up after its ready timeout."""
import sys

sys.stdin.read()
