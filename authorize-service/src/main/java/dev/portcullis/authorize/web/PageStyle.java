package dev.portcullis.authorize.web;

import dev.portcullis.authorize.config.AuthorizeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The style sheet of every page, built once from the branding configuration, and the
 * Content-Security-Policy that allows exactly it (by its SHA-256) and the one script of the
 * form_post response page: no inline code other than these two can run on our pages, and the
 * pages work through any gateway without extra static paths.
 */
@ApplicationScoped
public final class PageStyle {
    /** The script of the form_post page (OAuth 2.0 Form Post Response Mode §2). */
    public static final String AUTO_SUBMIT_SCRIPT = "document.forms[0].submit();";
    private static final Pattern HEX_COLOUR = Pattern.compile("#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?");

    private final String css;
    private final String contentSecurityPolicy;

    public PageStyle(AuthorizeConfig config) {
        AuthorizeConfig.Branding b = config.branding();
        String primary = colour(b.primaryColor(), "#1d4ed8");
        String background = colour(b.backgroundColor(), "#f3f4f6");
        String text = colour(b.textColor(), "#111827");
        this.css = """
                :root{--primary:%s;--bg:%s;--text:%s;--muted:#4b5563;--border:#d1d5db;--danger:#b91c1c}
                *{box-sizing:border-box}
                body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;\
                background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;padding:16px}
                main{width:100%%;max-width:420px;background:#fff;border-radius:12px;\
                box-shadow:0 1px 3px rgba(0,0,0,.08),0 8px 24px rgba(0,0,0,.06);padding:32px}
                .brand{display:flex;align-items:center;gap:10px;margin-bottom:24px;font-weight:600;font-size:1.05rem}
                .brand img{max-height:36px;max-width:160px}
                h1{font-size:1.5rem;margin:0 0 4px}
                p.lead{margin:0 0 24px;color:var(--muted)}
                label{display:block;font-weight:500;margin:16px 0 6px}
                input[type=text],input[type=password]{width:100%%;padding:10px 12px;font-size:1rem;\
                border:1px solid var(--border);border-radius:8px;color:var(--text);background:#fff}
                input:focus,button:focus,a:focus{outline:3px solid var(--primary);outline-offset:2px}
                .actions{display:flex;gap:12px;margin-top:24px;flex-wrap:wrap}
                button{flex:1;padding:11px 16px;font-size:1rem;font-weight:600;border-radius:8px;cursor:pointer;\
                border:1px solid var(--primary);background:var(--primary);color:#fff}
                button.secondary{background:#fff;color:var(--primary)}
                .alert{border-radius:8px;padding:10px 12px;margin:0 0 16px;background:#fef2f2;color:var(--danger);border:1px solid #fecaca}
                .notice{border-radius:8px;padding:10px 12px;margin:0 0 16px;background:#fffbeb;color:#78350f;border:1px solid #fcd34d}
                .notice strong{display:block;margin-bottom:2px}
                ul.scopes{list-style:none;padding:0;margin:16px 0}
                ul.scopes li{padding:10px 0 10px 28px;border-bottom:1px solid #e5e7eb;position:relative}
                ul.scopes li::before{content:"\\2713";position:absolute;left:4px;color:var(--primary);font-weight:700}
                .fine{font-size:.875rem;color:var(--muted);margin-top:20px}
                code{word-break:break-all}
                """.formatted(primary, background, text);
        this.contentSecurityPolicy = "default-src 'none'; style-src '" + sha256(css) + "'; script-src '"
                + sha256(AUTO_SUBMIT_SCRIPT) + "'; img-src 'self' https: data:; frame-ancestors 'none'; base-uri 'none'";
    }

    public String css() {
        return css;
    }

    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    private static String colour(String value, String fallback) {
        return value != null && HEX_COLOUR.matcher(value).matches() ? value : fallback;
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
