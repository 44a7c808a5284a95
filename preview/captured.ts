/** The captures of a running pipeline as the views read them: each notification joined back to its record for what the notification leaves out. */
import type { CaptureRecord } from "../capture/http-capture";
import type { MailRecord } from "../capture/smtp-capture";
import type { Notification } from "../harness/notifications";
import type { Captured } from "./notification-view";

export function captured(notifications: Notification[], http: CaptureRecord[], mail: MailRecord[]): Captured[] {
  return notifications.map((n): Captured => {
    if (n.kind === "email") {
      const record = mail.find((m) => m.at === n.at && m.to.includes(n.key));
      return { ...n, mailHeaders: record?.headers };
    }
    const record = http.find((r) => r.at === n.at && r.key === n.key && r.delivery);
    return { ...n, query: record?.query };
  });
}
