// Probe only (scripts/native-probe/probe.sh): the smallest program.
public class Hello { public static void main(String[] a) { System.out.println("Hello from a native image"); } }
