package dev.portcullis.authorize.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of every page, English by default. Other languages are added as
 * {@code src/main/resources/messages/msg_<lang>.properties} with the same keys.
 */
@MessageBundle("msg")
public interface Messages {
    @Message("en")
    String lang();

    @Message("Sign in")
    String login_title();

    @Message("to continue to {clientName}")
    String login_lead_client(String clientName);

    @Message("Use your {productName} account")
    String login_lead(String productName);

    @Message("Username or email")
    String login_username();

    @Message("Password")
    String login_password();

    @Message("Sign in")
    String login_submit();

    @Message("The username or password is not correct.")
    String login_failed();

    @Message("Too many sign-in attempts. Please wait {seconds} seconds and try again.")
    String login_throttled_seconds(long seconds);

    @Message("Too many sign-in attempts. Please wait {minutes} minutes and try again.")
    String login_throttled_minutes(long minutes);

    @Message("This form has expired. Please try again.")
    String form_expired();

    @Message("{clientName} wants to access your account")
    String consent_title(String clientName);

    @Message("{clientName} (unverified application) wants to access your account")
    String consent_title_unverified(String clientName);

    @Message("to continue to {clientName} (unverified application)")
    String login_lead_client_unverified(String clientName);

    @Message("Unverified application")
    String unverified_label();

    @Message("{productName} has not verified this application. Its name was chosen by whoever registered it, "
            + "not by {productName}: continue only if you know and trust where this request comes from.")
    String unverified_notice(String productName);

    @Message("If you allow this, {clientName} will be able to:")
    String consent_lead(String clientName);

    @Message("""
            {#when name}\
            {#is 'openid'}Confirm who you are\
            {#is 'profile'}See your name and basic profile\
            {#is 'email'}See your email address\
            {#is 'phone'}See your phone number\
            {#is 'address'}See your postal address\
            {#is 'offline_access'}Stay connected when you are not using it\
            {#else}Use the permission “{name}”\
            {/when}""")
    String scope(String name);

    @Message("Allow")
    String consent_allow();

    @Message("Deny")
    String consent_deny();

    @Message("Your choice is remembered. You can withdraw it at any time.")
    String consent_fine();

    @Message("Sign out")
    String logout_title();

    @Message("Do you want to sign out of {productName}?")
    String logout_lead(String productName);

    @Message("Sign out")
    String logout_submit();

    @Message("You are signed out")
    String logged_out_title();

    @Message("You can close this window.")
    String logged_out_text();

    @Message("You are signed in")
    String logged_in_title();

    @Message("You can close this window.")
    String logged_in_text();

    @Message("This request cannot be completed")
    String error_title();

    @Message("The application sent an invalid sign-in request. Please go back and try again, or contact the application's support.")
    String error_text();

    @Message("Error code:")
    String error_code();

    @Message("Continuing…")
    String form_post_title();

    @Message("Continue")
    String form_post_continue();
}
