import java.security.*;
import java.security.spec.*;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs and verifies a typical access token 2000 times per round with the JDK providers, and with
 * each native provider on the class path: AWS-LC (ACCP, what NativeCrypto uses) and BoringSSL
 * (Conscrypt, what it used before 2026-11-28 evening):
 *
 *   java token-service/bench/SignBench.java
 *   java -cp ~/.m2/repository/software/amazon/cryptools/AmazonCorrettoCryptoProvider/2.5.0/AmazonCorrettoCryptoProvider-2.5.0-linux-x86_64.jar:\
 *            ~/.m2/repository/org/conscrypt/conscrypt-openjdk-uber/2.5.2/conscrypt-openjdk-uber-2.5.2.jar \
 *        token-service/bench/SignBench.java
 */
public class SignBench {
  public static void main(String[] a) throws Exception {
    byte[] data = ("eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJpc3MiOiJodHRwOi8vbG9jYWxob3N0OjgwODAiLCJzdWIiOiJkZW1vIiwiYXVkIjoiaHR0cHM6Ly9hcGkiLCJjbGllbnRfaWQiOiJkZW1vIiwic2NvcGUiOiJhcGkiLCJqdGkiOiJhYmMiLCJpYXQiOjEsImV4cCI6Mn0").getBytes();
    KeyPairGenerator rg = KeyPairGenerator.getInstance("RSA"); rg.initialize(2048); KeyPair rsa = rg.generateKeyPair();
    KeyPairGenerator eg = KeyPairGenerator.getInstance("EC"); eg.initialize(new ECGenParameterSpec("secp256r1")); KeyPair ec = eg.generateKeyPair();
    Map<String, Provider> natives = new LinkedHashMap<>();
    try {
      natives.put("AWS-LC", (Provider) Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider").getField("INSTANCE").get(null));
    } catch (ReflectiveOperationException | LinkageError e) {
      System.out.println("(ACCP not on the class path)");
    }
    try {
      natives.put("BoringSSL", (Provider) Class.forName("org.conscrypt.Conscrypt").getMethod("newProvider").invoke(null));
    } catch (ReflectiveOperationException | LinkageError e) {
      System.out.println("(Conscrypt not on the class path)");
    }
    for (int round = 0; round < 3; round++) {
      run("RS256 sign", "SHA256withRSA", null, rsa.getPrivate(), null, data);
      run("ES256 sign", "SHA256withECDSA", null, ec.getPrivate(), null, data);
      run("RS256 verify", "SHA256withRSA", null, rsa.getPrivate(), rsa.getPublic(), data);
      run("ES256 verify", "SHA256withECDSA", null, ec.getPrivate(), ec.getPublic(), data);
      for (Map.Entry<String, Provider> n : natives.entrySet()) {
        Provider p = n.getValue();
        // Keys in the provider's own form, as NativeCrypto.prepare keeps them.
        PrivateKey ecKey = KeyFactory.getInstance("EC", p).generatePrivate(new PKCS8EncodedKeySpec(ec.getPrivate().getEncoded()));
        PrivateKey rsaKey = KeyFactory.getInstance("RSA", p).generatePrivate(new PKCS8EncodedKeySpec(rsa.getPrivate().getEncoded()));
        run("RS256 sign (" + n.getKey() + ")", "SHA256withRSA", p, rsaKey, null, data);
        run("RS256 verify (" + n.getKey() + ")", "SHA256withRSA", p, rsaKey, rsa.getPublic(), data);
        run("ES256 sign (" + n.getKey() + ")", "SHA256withECDSA", p, ecKey, null, data);
        run("ES256 verify (" + n.getKey() + ")", "SHA256withECDSA", p, ecKey, ec.getPublic(), data);
      }
    }
  }
  static Signature get(String alg, Provider p) throws Exception {
    return p == null ? Signature.getInstance(alg) : Signature.getInstance(alg, p);
  }
  static void run(String name, String alg, Provider p, PrivateKey k, PublicKey pub, byte[] data) throws Exception {
    Signature s = get(alg, p); s.initSign(k); s.update(data); byte[] sig = s.sign();
    int n = 2000; long t = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (pub == null) { Signature x = get(alg, p); x.initSign(k); x.update(data); x.sign(); }
      else { Signature v = get(alg, p); v.initVerify(pub); v.update(data); v.verify(sig); }
    }
    double us = (System.nanoTime() - t) / 1000.0 / n;
    System.out.printf("%-26s %8.1f us/op  %8.0f ops/s/core%n", name, us, 1e6 / us);
  }
}
