import java.security.*;
import java.security.spec.*;
public class SignBench {
  public static void main(String[] a) throws Exception {
    byte[] data = ("eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJpc3MiOiJodHRwOi8vbG9jYWxob3N0OjgwODAiLCJzdWIiOiJkZW1vIiwiYXVkIjoiaHR0cHM6Ly9hcGkiLCJjbGllbnRfaWQiOiJkZW1vIiwic2NvcGUiOiJhcGkiLCJqdGkiOiJhYmMiLCJpYXQiOjEsImV4cCI6Mn0").getBytes();
    KeyPairGenerator rg = KeyPairGenerator.getInstance("RSA"); rg.initialize(2048); KeyPair rsa = rg.generateKeyPair();
    KeyPairGenerator eg = KeyPairGenerator.getInstance("EC"); eg.initialize(new ECGenParameterSpec("secp256r1")); KeyPair ec = eg.generateKeyPair();
    for (int round = 0; round < 3; round++) {
      run("RS256 sign", "SHA256withRSA", rsa.getPrivate(), null, data);
      run("ES256 sign", "SHA256withECDSA", ec.getPrivate(), null, data);
      run("RS256 verify", "SHA256withRSA", rsa.getPrivate(), rsa.getPublic(), data);
      run("ES256 verify", "SHA256withECDSA", ec.getPrivate(), ec.getPublic(), data);
    }
  }
  static void run(String name, String alg, PrivateKey k, PublicKey pub, byte[] data) throws Exception {
    Signature s = Signature.getInstance(alg); s.initSign(k); s.update(data); byte[] sig = s.sign();
    int n = 2000; long t = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (pub == null) { s.initSign(k); s.update(data); s.sign(); }
      else { Signature v = Signature.getInstance(alg); v.initVerify(pub); v.update(data); v.verify(sig); }
    }
    double us = (System.nanoTime() - t) / 1000.0 / n;
    System.out.printf("%-13s %8.1f us/op  %8.0f ops/s/core%n", name, us, 1e6 / us);
  }
}
