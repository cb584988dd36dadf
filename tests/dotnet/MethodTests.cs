using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using Notify.Client;
using Notify.Models;
using Notify.Models.Responses;

namespace Notify.Client.Tests
{
    /// <summary>Every method of the documented API, synchronous and asynchronous, against the simulator.</summary>
    [TestFixture]
    public class MethodTests
    {
        private NotificationClient client;

        [TestFixtureSetUp]
        public void Start()
        {
            client = Sim.Client();
        }

        [TestFixtureTearDown]
        public void Stop()
        {
            client.Dispose();
        }

        private static void CheckSms(SmsNotificationResponse r, string reference)
        {
            Assert.That(r.id, Has.Length.EqualTo(36));
            Assert.That(r.reference, Is.EqualTo(reference));
            Assert.That(r.uri, Is.StringContaining(r.id));
            Assert.That(r.template.id, Is.EqualTo(Sim.SmsTemplate));
            Assert.That(r.template.version, Is.GreaterThanOrEqualTo(1));
            Assert.That(r.content.body, Is.StringContaining("Amala"));
            Assert.That(r.content.fromNumber, Is.Not.Null.And.Not.Empty);
        }

        [Test]
        public void SendSms()
        {
            var r = client.SendSms("07700900123", Sim.SmsTemplate, Sim.Name("Amala"), "ref-sms", Sim.SmsSenderId);
            CheckSms(r, "ref-sms");
        }

        [Test]
        public void SendSmsAsync()
        {
            var r = Sim.Await(client.SendSmsAsync("07700900123", Sim.SmsTemplate, Sim.Name("Amala"), "ref-sms-async"));
            CheckSms(r, "ref-sms-async");
        }

        [Test]
        public void SendSmsWithNamedArgumentsAndDefaults()
        {
            var r = client.SendSms(mobileNumber: "+447900900123", templateId: Sim.SmsTemplate, personalisation: Sim.Name("Amala"));
            CheckSms(r, null);
        }

        private static void CheckEmail(EmailNotificationResponse r)
        {
            Assert.That(r.id, Has.Length.EqualTo(36));
            Assert.That(r.template.id, Is.EqualTo(Sim.EmailTemplate));
            Assert.That(r.content.body, Is.StringContaining("Amala"));
            Assert.That(r.content.subject, Is.Not.Null.And.Not.Empty);
            Assert.That(r.content.fromEmail, Is.StringContaining("@"));
        }

        [Test]
        public void SendEmail()
        {
            var r = client.SendEmail("simulate-delivered@notifications.service.gov.uk", Sim.EmailTemplate, Sim.Name("Amala"), "ref-email",
                Sim.EmailReplyToId, "https://example.com/unsubscribe");
            CheckEmail(r);
            Assert.That(r.reference, Is.EqualTo("ref-email"));
            Assert.That(r.content.oneClickUnsubscribeURL, Is.EqualTo("https://example.com/unsubscribe"));
        }

        [Test]
        public void SendEmailAsync()
        {
            var r = Sim.Await(client.SendEmailAsync("simulate-delivered@notifications.service.gov.uk", Sim.EmailTemplate, Sim.Name("Amala")));
            CheckEmail(r);
        }

        [Test]
        public void SendEmailWithAFile()
        {
            var personalisation = new Dictionary<string, dynamic>
            {
                { "link_to_file", NotificationClient.PrepareUpload(Sim.Pdf(), "report.pdf", true, "4 weeks") },
            };
            var r = client.SendEmail("simulate-delivered@notifications.service.gov.uk", Sim.EmailFileTemplate, personalisation);
            Assert.That(r.id, Has.Length.EqualTo(36));
            var sent = Sim.Control("GET", "/requests");
            Assert.That(sent, Is.StringContaining("report.pdf"));
            Assert.That(sent, Is.StringContaining("4 weeks"));
        }

        [Test]
        public void SendEmailWithAFileAsync()
        {
            var personalisation = new Dictionary<string, dynamic> { { "link_to_file", NotificationClient.PrepareUpload(Sim.Pdf()) } };
            var r = Sim.Await(client.SendEmailAsync("simulate-delivered@notifications.service.gov.uk", Sim.EmailFileTemplate, personalisation));
            Assert.That(r.id, Has.Length.EqualTo(36));
        }

        [Test]
        public void UsableThroughTheOfficialInterfaces()
        {
            Notify.Interfaces.INotificationClient sync = client;
            Notify.Interfaces.IAsyncNotificationClient async = client;
            Assert.That(sync.GetTemplateById(Sim.SmsTemplate).id, Is.EqualTo(Sim.SmsTemplate));
            Assert.That(Sim.Await(async.GetTemplateByIdAsync(Sim.EmailTemplate)).id, Is.EqualTo(Sim.EmailTemplate));
        }

        [Test]
        public void PersonalisationValuesOfEveryJsonKind()
        {
            dynamic expando = new System.Dynamic.ExpandoObject();
            expando.city = "Leeds";
            var personalisation = new Dictionary<string, dynamic>
            {
                { "name", 42 },
                { "list", new List<object> { 1, 2.5, true, null, "x" } },
                { "nested", new Dictionary<string, object> { { "k", "v\"q" } } },
                { "expando", expando },
                { "when", new DateTime(2018, 1, 1, 9, 30, 0, DateTimeKind.Utc) },
            };
            var preview = client.GenerateTemplatePreview(Sim.SmsTemplate, personalisation);
            Assert.That(preview.body, Is.StringContaining("42"));
            var reference = "kinds-" + Guid.NewGuid();
            client.SendSms("07700900123", Sim.SmsTemplate, personalisation, reference);
            var recorded = Sim.Control("GET", "/requests");
            var at = recorded.IndexOf(reference, StringComparison.Ordinal);
            Assert.That(at, Is.GreaterThan(0));
            var around = recorded.Substring(Math.Max(0, at - 2000), Math.Min(4000, recorded.Length - Math.Max(0, at - 2000)));
            foreach (var piece in new[] { "42", "2.5", "true", "null", "Leeds", "2018-01-01T09:30:00Z" })
            {
                Assert.That(around, Is.StringContaining(piece));
            }
        }

        [Test]
        public void PrepareUploadOverloads()
        {
            var plain = NotificationClient.PrepareUpload(new byte[] { 1, 2, 3 });
            Assert.That(plain["file"], Is.EqualTo("AQID"));
            Assert.That(plain.Filename, Is.Null);
            Assert.That(plain.ConfirmEmailBeforeDownload, Is.Null);
            Assert.That(plain.RetentionPeriod, Is.Null);
            var named = NotificationClient.PrepareUpload(new byte[] { 1 }, "a.csv");
            Assert.That(named.Filename, Is.EqualTo("a.csv"));
            var full = NotificationClient.PrepareUpload(new byte[] { 1 }, "a.csv", false, "1 week");
            Assert.That(full.ConfirmEmailBeforeDownload, Is.False);
            Assert.That(full.RetentionPeriod, Is.EqualTo("1 week"));
            Assert.That(full.ToString(), Is.StringContaining("a.csv").And.Not.StringContaining("AQ"));
        }

        [Test]
        public void PrepareUploadRefusesMoreThan2MbWithTheOfficialMessage()
        {
            var e = Assert.Throws<ArgumentException>(() => NotificationClient.PrepareUpload(new byte[2 * 1024 * 1024 + 1]));
            Assert.That(e.Message, Is.StringContaining("File is larger than 2MB"));
            Assert.DoesNotThrow(() => NotificationClient.PrepareUpload(new byte[2 * 1024 * 1024]));
        }

        [Test]
        public void SendLetter()
        {
            var r = client.SendLetter(Sim.LetterTemplate, Sim.Letter("Amala"), "ref-letter");
            Assert.That(r.id, Has.Length.EqualTo(36));
            Assert.That(r.reference, Is.EqualTo("ref-letter"));
            Assert.That(r.template.id, Is.EqualTo(Sim.LetterTemplate));
            Assert.That(r.content.body, Is.StringContaining("Amala"));
            Assert.That(r.content.subject, Is.Not.Null.And.Not.Empty);
        }

        [Test]
        public void SendLetterAsync()
        {
            var r = Sim.Await(client.SendLetterAsync(Sim.LetterTemplate, Sim.Letter("Amala")));
            Assert.That(r.id, Has.Length.EqualTo(36));
            Assert.That(r.content.body, Is.StringContaining("Amala"));
        }

        [Test]
        public void SendPrecompiledLetter()
        {
            var r = client.SendPrecompiledLetter("ref-precompiled", Sim.Pdf(), "first");
            Assert.That(r.id, Has.Length.EqualTo(36));
            Assert.That(r.reference, Is.EqualTo("ref-precompiled"));
            Assert.That(r.postage, Is.EqualTo("first"));
            Assert.That(r.content, Is.Null);
            Assert.That(r.template, Is.Null);
        }

        [Test]
        public void SendPrecompiledLetterAsync()
        {
            var r = Sim.Await(client.SendPrecompiledLetterAsync("ref-precompiled-async", Sim.Pdf()));
            Assert.That(r.id, Has.Length.EqualTo(36));
            Assert.That(r.reference, Is.EqualTo("ref-precompiled-async"));
        }

        private static void CheckNotification(Notification n, string id)
        {
            Assert.That(n.id, Is.EqualTo(id));
            Assert.That(n.type, Is.EqualTo("sms"));
            Assert.That(n.phoneNumber, Is.EqualTo("07700900123"));
            Assert.That(n.body, Is.StringContaining("Amala"));
            Assert.That(n.status, Is.Not.Null.And.Not.Empty);
            Assert.That(n.createdAt, Is.StringStarting("20"));
            Assert.That(n.template.id, Is.EqualTo(Sim.SmsTemplate));
            Assert.That(n.reference, Is.EqualTo("ref-get"));
        }

        [Test]
        public void GetNotificationById()
        {
            var sent = client.SendSms("07700900123", Sim.SmsTemplate, Sim.Name("Amala"), "ref-get");
            CheckNotification(client.GetNotificationById(sent.id), sent.id);
        }

        [Test]
        public void GetNotificationByIdAsync()
        {
            var sent = client.SendSms("07700900123", Sim.SmsTemplate, Sim.Name("Amala"), "ref-get");
            CheckNotification(Sim.Await(client.GetNotificationByIdAsync(sent.id)), sent.id);
        }

        [Test]
        public void GetNotificationsWithFiltersAndPages()
        {
            var reference = "page-" + Guid.NewGuid();
            for (int i = 0; i < 4; i++)
            {
                client.SendSms("07700900123", Sim.SmsTemplate, Sim.Name("Amala"), reference);
            }
            var first = client.GetNotifications("sms", "", reference);
            Assert.That(first.notifications.Count, Is.EqualTo(3), "the simulator's page size");
            Assert.That(first.notifications.All(n => n.reference == reference && n.type == "sms"));
            Assert.That(first.links.current, Is.Not.Null);
            Assert.That(first.links.next, Is.Not.Null);
            var older = client.GetNotifications(reference: reference, olderThanId: first.notifications.Last().id);
            Assert.That(older.notifications.Count, Is.EqualTo(1));
            Assert.That(older.notifications.Select(n => n.id), Is.Not.SubsetOf(first.notifications.Select(n => n.id)));
            var none = client.GetNotifications("email", "", reference);
            Assert.That(none.notifications, Is.Empty);
            var all = client.GetNotifications(includeSpreadsheetUploads: true);
            Assert.That(all.notifications, Is.Not.Empty);
        }

        [Test]
        public void GetNotificationsAsync()
        {
            var reference = "page-async-" + Guid.NewGuid();
            client.SendSms("07700900123", Sim.SmsTemplate, Sim.Name("Amala"), reference);
            var page = Sim.Await(client.GetNotificationsAsync(templateType: "sms", reference: reference));
            Assert.That(page.notifications.Count, Is.EqualTo(1));
            Assert.That(page.notifications[0].reference, Is.EqualTo(reference));
        }

        [Test]
        public void GetPdfForLetter()
        {
            var sent = client.SendLetter(Sim.LetterTemplate, Sim.Letter("Amala"));
            var pdf = client.GetPdfForLetter(sent.id);
            Assert.That(System.Text.Encoding.ASCII.GetString(pdf, 0, 4), Is.EqualTo("%PDF"));
        }

        [Test]
        public void GetPdfForLetterAsync()
        {
            var sent = client.SendLetter(Sim.LetterTemplate, Sim.Letter("Amala"));
            var pdf = Sim.Await(client.GetPdfForLetterAsync(sent.id));
            Assert.That(System.Text.Encoding.ASCII.GetString(pdf, 0, 4), Is.EqualTo("%PDF"));
        }

        private static void CheckTemplate(TemplateResponse t, string id, string type)
        {
            Assert.That(t.id, Is.EqualTo(id));
            Assert.That(t.type, Is.EqualTo(type));
            Assert.That(t.name, Is.Not.Null.And.Not.Empty);
            Assert.That(t.body, Is.StringContaining("((name))"));
            Assert.That(t.version, Is.GreaterThanOrEqualTo(1));
            Assert.That(t.created_at.Year, Is.GreaterThan(2000));
        }

        [Test]
        public void GetTemplateById()
        {
            CheckTemplate(client.GetTemplateById(Sim.SmsTemplate), Sim.SmsTemplate, "sms");
            var email = client.GetTemplateById(Sim.EmailTemplate);
            Assert.That(email.subject, Is.Not.Null.And.Not.Empty);
        }

        [Test]
        public void GetTemplateByIdAsync()
        {
            CheckTemplate(Sim.Await(client.GetTemplateByIdAsync(Sim.SmsTemplate)), Sim.SmsTemplate, "sms");
        }

        [Test]
        public void GetTemplateByIdAndVersion()
        {
            var latest = client.GetTemplateById(Sim.SmsVersionedTemplate);
            Assert.That(latest.version, Is.GreaterThan(1), "the simulator's versioned template");
            var v1 = client.GetTemplateByIdAndVersion(Sim.SmsVersionedTemplate, 1);
            Assert.That(v1.version, Is.EqualTo(1));
            Assert.That(v1.body, Is.Not.EqualTo(latest.body));
            var zero = client.GetTemplateByIdAndVersion(Sim.SmsVersionedTemplate);
            Assert.That(zero.version, Is.EqualTo(latest.version), "version 0 (the default) is the latest, as in the official client");
        }

        [Test]
        public void GetTemplateByIdAndVersionAsync()
        {
            var v1 = Sim.Await(client.GetTemplateByIdAndVersionAsync(Sim.SmsVersionedTemplate, 1));
            Assert.That(v1.version, Is.EqualTo(1));
            Assert.That(v1.id, Is.EqualTo(Sim.SmsVersionedTemplate));
        }

        [Test]
        public void GetAllTemplates()
        {
            var all = client.GetAllTemplates();
            Assert.That(all.templates.Select(t => t.id), Has.Member(Sim.SmsTemplate).And.Member(Sim.EmailTemplate).And.Member(Sim.LetterTemplate));
            var sms = client.GetAllTemplates("sms");
            Assert.That(sms.templates, Is.Not.Empty);
            Assert.That(sms.templates.All(t => t.type == "sms"));
        }

        [Test]
        public void GetAllTemplatesAsync()
        {
            var emails = Sim.Await(client.GetAllTemplatesAsync("email"));
            Assert.That(emails.templates.Select(t => t.id), Has.Member(Sim.EmailTemplate));
            Assert.That(emails.templates.All(t => t.type == "email"));
        }

        [Test]
        public void GenerateTemplatePreview()
        {
            var p = client.GenerateTemplatePreview(Sim.EmailTemplate, Sim.Name("Amala"));
            Assert.That(p.id, Is.EqualTo(Sim.EmailTemplate));
            Assert.That(p.type, Is.EqualTo("email"));
            Assert.That(p.body, Is.StringContaining("Amala"));
            Assert.That(p.subject, Is.Not.Null);
            Assert.That(p.version, Is.GreaterThanOrEqualTo(1));
        }

        [Test]
        public void GenerateTemplatePreviewAsync()
        {
            var p = Sim.Await(client.GenerateTemplatePreviewAsync(Sim.SmsTemplate, Sim.Name("Amala")));
            Assert.That(p.type, Is.EqualTo("sms"));
            Assert.That(p.body, Is.StringContaining("Amala"));
        }

        [Test]
        public void GetReceivedTexts()
        {
            Sim.Control("POST", "/received-texts", "[{\"user_number\": \"447700900111\", \"content\": \"Hello from .NET\"}]");
            var page = client.GetReceivedTexts();
            var text = page.receivedTexts.First(t => t.content == "Hello from .NET");
            Assert.That(text.userNumber, Is.EqualTo("447700900111"));
            Assert.That(text.serviceId, Is.EqualTo(Sim.ServiceId));
            Assert.That(text.id, Has.Length.EqualTo(36));
            Assert.That(text.notifyNumber, Is.Not.Null.And.Not.Empty);
            Assert.That(text.createdAt, Is.StringStarting("20"));
            Assert.That(page.links.current, Is.Not.Null);
        }

        [Test]
        public void GetReceivedTextsAsyncPages()
        {
            Sim.Control("POST", "/received-texts", "{\"count\": 5}");
            var first = Sim.Await(client.GetReceivedTextsAsync());
            Assert.That(first.receivedTexts.Count, Is.EqualTo(3), "the simulator's page size");
            var next = Sim.Await(client.GetReceivedTextsAsync(first.receivedTexts.Last().id));
            Assert.That(next.receivedTexts, Is.Not.Empty);
            Assert.That(next.receivedTexts.Select(t => t.id), Has.None.EqualTo(first.receivedTexts[0].id));
        }
    }
}
