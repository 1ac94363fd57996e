package dev.portcullis.rules.crypto;

import java.security.Key;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jose4j.jca.ProviderContext;

/**
 * RSA and ECDSA signatures (RS256/PS256..., ES256/ES384/ES512) by AWS-LC through the Amazon
 * Corretto Crypto Provider (ACCP), with the JDK's own providers as the fallback.
 *
 * <p>Why, measured on the 2-core AMD EPYC this project benchmarks on (JDK 17, C2):
 * <ul>
 *   <li>RSA-2048 signing: JDK ~1.05 ms, AWS-LC ~0.27 ms (its AVX-512 IFMA code; BoringSSL through
 *       Conscrypt, used here before, took ~1.17 ms: no faster than the JDK). RS256 is what every
 *       OIDC client gets for ID tokens unless it registers otherwise, and what many resource
 *       servers still expect of access tokens.</li>
 *   <li>P-256 signing: JDK ~0.75 ms, AWS-LC ~18 us; verifying: JDK ~1.2 ms, AWS-LC ~52 us.</li>
 *   <li>RSA-2048 verifying: JDK ~40 us, AWS-LC ~18 us.</li>
 * </ul>
 *
 * <p>ACCP is added at the lowest priority, so nothing that asks for an algorithm without naming
 * a provider (TLS, SecureRandom, digests) changes; only callers that pass {@link #jws(Key)} to
 * jose4j use it, and only for RSA and EC keys. Its jar carries AWS-LC for one platform (the
 * {@code accp.classifier} Maven property: {@code linux-x86_64} by default, {@code linux-aarch_64}
 * on ARM builds) and needs a writable {@code java.io.tmpdir} for the shared library; when it cannot
 * load, or when {@code portcullis.crypto.native=false} (env {@code PORTCULLIS_CRYPTO_NATIVE}),
 * every signature uses the JDK and a warning says why.
 */
public final class NativeCrypto {
    /** Configuration property that turns the native provider off. */
    public static final String ENABLED_PROPERTY = "portcullis.crypto.native";

    private static final Logger LOG = Logger.getLogger(NativeCrypto.class);
    private static final ProviderContext JDK = new ProviderContext();

    private NativeCrypto() {
    }

    /** The native provider, when it is enabled and loaded. */
    public static Optional<Provider> provider() {
        return Optional.ofNullable(Holder.PROVIDER);
    }

    /** A line for start-up logs and readiness data: which provider signs RSA and ECDSA. */
    public static String describe() {
        Provider p = Holder.PROVIDER;
        return p == null ? "JDK (" + Holder.REASON + ")" : Holder.VERSION;
    }

    /**
     * The jose4j provider context to sign or verify with {@code key}: the native provider for RSA
     * and EC keys when it is loaded, the JDK's otherwise.
     */
    public static ProviderContext jws(Key key) {
        return handled(key) && Holder.PROVIDER != null ? Holder.NATIVE : JDK;
    }

    /**
     * {@code key} in the native provider's own form, so that signing with it does not parse the
     * key again on every call (an untranslated RSA key signs ~3 times slower). Any other key, or
     * any key when the provider is not loaded, is returned as is. The result still implements
     * {@link RSAPrivateKey} or {@link ECPrivateKey}, which jose4j checks.
     */
    public static PrivateKey prepare(PrivateKey key) {
        Provider p = Holder.PROVIDER;
        if (!handled(key) || p == null || key.getEncoded() == null) {
            return key;
        }
        boolean rsa = key instanceof RSAPrivateKey;
        try {
            PrivateKey translated = KeyFactory.getInstance(rsa ? "RSA" : "EC", p)
                    .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
            return (rsa ? translated instanceof RSAPrivateKey : translated instanceof ECPrivateKey) ? translated : key;
        } catch (NoSuchAlgorithmException | InvalidKeySpecException | RuntimeException e) {
            LOG.debugf("Key kept in the JDK form: %s", e.getClass().getSimpleName());
            return key;
        }
    }

    private static boolean handled(Key key) {
        return key instanceof RSAKey || key instanceof ECKey;
    }

    /** Loaded once, on first use, so that a service that never signs or verifies never loads it. */
    private static final class Holder {
        private static String REASON = "";
        private static String VERSION = "";
        private static final Provider PROVIDER = load();
        private static final ProviderContext NATIVE = nativeContext();

        private static Provider load() {
            if (!enabled()) {
                REASON = ENABLED_PROPERTY + "=false";
                LOG.infof("RSA and ECDSA signatures use the JDK providers (%s)", REASON);
                return null;
            }
            try {
                com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider accp =
                        com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
                Throwable loading = accp.getLoadingError();
                if (loading != null) {
                    REASON = "AWS-LC did not load on this platform: " + loading.getClass().getSimpleName() + ": " + loading.getMessage();
                    LOG.warnf("RSA and ECDSA signatures use the slower JDK providers: %s", REASON);
                    return null;
                }
                Provider p = Security.getProvider(accp.getName());
                if (p == null) {
                    Security.addProvider(accp);
                    p = accp;
                }
                VERSION = "ACCP " + accp.getVersionStr() + " (AWS-LC)";
                LOG.infof("RSA and ECDSA signatures use %s", VERSION);
                return p;
            } catch (Throwable e) {
                REASON = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warnf("RSA and ECDSA signatures use the slower JDK providers: ACCP failed to load (%s)", REASON);
                return null;
            }
        }

        private static ProviderContext nativeContext() {
            if (PROVIDER == null) {
                return JDK;
            }
            ProviderContext c = new ProviderContext();
            c.getSuppliedKeyProviderContext().setSignatureProvider(PROVIDER.getName());
            return c;
        }

        private static boolean enabled() {
            try {
                return ConfigProvider.getConfig().getOptionalValue(ENABLED_PROPERTY, Boolean.class).orElse(true);
            } catch (RuntimeException e) {
                return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY,
                        System.getenv().getOrDefault("PORTCULLIS_CRYPTO_NATIVE", "true")));
            }
        }
    }
}
