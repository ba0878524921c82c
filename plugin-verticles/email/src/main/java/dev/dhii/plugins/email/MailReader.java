package dev.dhii.plugins.email;

import dev.dhii.api.ExecutionContext;
import dev.dhii.api.PluginValidationException;
import dev.dhii.api.PluginValidationException.Violation;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Reads and searches a mailbox over IMAP; blocking, run on the plugin's worker. Folders are opened
 * read-only, so reading marks nothing seen and both capabilities are idempotent.
 */
final class MailReader {

  /** The most messages one call returns, whatever {@code limit} asks. */
  static final int MAX_MESSAGES = 500;
  private static final String WHAT = "IMAP server";
  private static final String INBOX = "INBOX";

  private final EmailConfig config;

  MailReader(EmailConfig config) {
    this.config = config;
  }

  ReceiveEmails.Result receive(ReceiveEmails.Input in, ExecutionContext ctx) {
    String folder = in.folder() == null || in.folder().isBlank() ? INBOX : in.folder();
    int limit = Math.max(0, Math.min(MAX_MESSAGES, in.limit() == null ? ReceiveEmails.DEFAULT_LIMIT : in.limit()));
    SearchTerm term = Boolean.TRUE.equals(in.unread_only()) ? new FlagTerm(new jakarta.mail.Flags(jakarta.mail.Flags.Flag.SEEN), false) : null;
    List<EmailSummary> emails = read(folder, term, limit, ctx);
    return new ReceiveEmails.Result(emails, emails.size());
  }

  SearchEmails.Result search(SearchEmails.Input in, ExecutionContext ctx) {
    List<SearchTerm> terms = new ArrayList<>();
    terms.add(new OrTerm(new SubjectTerm(in.query()), new BodyTerm(in.query())));
    if (in.from() != null && !in.from().isBlank()) {
      terms.add(new FromStringTerm(in.from()));
    }
    if (in.subject() != null && !in.subject().isBlank()) {
      terms.add(new SubjectTerm(in.subject()));
    }
    if (in.date_from() != null) {
      terms.add(new ReceivedDateTerm(ComparisonTerm.GE, startOf(day("/date_from", in.date_from()))));
    }
    if (in.date_to() != null) {
      terms.add(new ReceivedDateTerm(ComparisonTerm.LT, startOf(day("/date_to", in.date_to()).plusDays(1))));
    }
    SearchTerm term = terms.size() == 1 ? terms.get(0) : new AndTerm(terms.toArray(SearchTerm[]::new));
    List<EmailSummary> results = read(INBOX, term, MAX_MESSAGES, ctx);
    return new SearchEmails.Result(results, results.size());
  }

  /**
   * Connects and logs in; failures say nothing was done.
   *
   * @param session the session
   * @return the connected store, to close
   */
  Store connect(Session session) {
    EmailConfig.Server imap = config.imap();
    try {
      Store store = session.getStore("imap");
      store.connect(imap.host(), imap.port(), imap.username(), imap.password());
      return store;
    } catch (MessagingException e) {
      throw MailFailures.connecting(WHAT, imap, e);
    }
  }

  private List<EmailSummary> read(String folderName, SearchTerm term, int limit, ExecutionContext ctx) {
    Session session = MailSessions.session("imap", config.imap(), config.connectTimeoutMs(), config.readTimeoutMs(), ctx.remaining());
    ctx.cancellation().throwIfCancelled();
    try (Store store = connect(session)) {
      Folder folder = store.getFolder(folderName);
      folder.open(Folder.READ_ONLY);
      try {
        Message[] found = term == null ? folder.getMessages() : folder.search(term);
        int from = Math.max(0, found.length - limit);
        Message[] newest = java.util.Arrays.copyOfRange(found, from, found.length);
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(newest, profile);
        List<EmailSummary> emails = new ArrayList<>(newest.length);
        for (int i = newest.length - 1; i >= 0; i--) {
          ctx.cancellation().throwIfCancelled();
          emails.add(MessageSummaries.of(newest[i], folder));
        }
        return emails;
      } finally {
        folder.close(false);
      }
    } catch (FolderNotFoundException e) {
      throw new PluginValidationException("No such folder: " + folderName, List.of(new Violation("/folder", "no such folder: " + folderName)));
    } catch (MessagingException e) {
      throw MailFailures.talking("Reading mail from " + WHAT, config.imap(), e);
    }
  }

  private static LocalDate day(String pointer, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new PluginValidationException("Not a date (YYYY-MM-DD): " + text, List.of(new Violation(pointer, "not a date (YYYY-MM-DD): " + text)));
    }
  }

  private static Date startOf(LocalDate day) {
    return Date.from(day.atStartOfDay(ZoneId.systemDefault()).toInstant());
  }
}
