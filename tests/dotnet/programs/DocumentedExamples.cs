// The examples of the official .NET client's documentation, compiled against Notify.Client.dll
// and run against the simulator by tests/dotnet/run.sh. Each block keeps the documented
// statement (types, method, argument names and order). What had to change, and why:
// - the template ids: the documentation's f33517ff-... is not a simulator template, so the
//   documented `templateId` variable holds the simulator's (and its templates need ((name)));
// - `new NotificationClient(apiKey)` talks to the production API, so the base-URL form is used;
// - three snippets are not valid C# as printed (a trailing comma in SendSms, `#` comments in the
//   letter dictionary, a missing "}, {" in the email dictionary) and are written as intended;
// - the documentation's `LetterNotificationsResponse` (sic) is `LetterNotificationResponse`.
using Notify.Client;
using Notify.Exceptions;
using Notify.Models;
using Notify.Models.Responses;
using System;
using System.Collections.Generic;
using System.IO;

public static class DocumentedExamples
{
    private static string Env(string name)
    {
        return Environment.GetEnvironmentVariable(name);
    }

    public static int Main()
    {
        var apiKey = Env("NOTIFY_API_KEY");
        var client = new NotificationClient(Env("NOTIFY_BASE_URL"), apiKey);
        string notificationId;
        string letterId;

        // Send a text message
        {
            string templateId = Env("GN_TPL_SMS");
            SmsNotificationResponse response = client.SendSms(
              mobileNumber: "+447900900123",
              templateId: templateId,
              personalisation: new Dictionary<string, dynamic> { { "name", "Amala" } }
              );
            Console.WriteLine("SendSms: " + response.id + " " + response.content.body);
            notificationId = response.id;
        }
        {
            string templateId = Env("GN_TPL_SMS");
            string mobileNumber = "+447900900123";
            string reference = "STRING";
            string smsSenderId = Env("GN_SMS_SENDER_ID");
            Dictionary<String, dynamic> personalisation = new Dictionary<String, dynamic>
            {
                {"first_name", "Amala"},
                {"application_date", "2018-01-01"}
            };
            personalisation.Add("name", "Amala");
            SmsNotificationResponse response = client.SendSms(mobileNumber, templateId, personalisation, reference, smsSenderId);
            Console.WriteLine("SendSms with every argument: " + response.id + " " + response.reference + " " + response.template.version);
        }

        // Send an email
        {
            string emailAddress = "simulate-delivered@notifications.service.gov.uk";
            string templateId = Env("GN_TPL_EMAIL");
            string reference = "STRING";
            string emailReplyToId = Env("GN_EMAIL_REPLY_TO_ID");
            Dictionary<String, dynamic> personalisation = new Dictionary<String, dynamic>
            {
                { "first_name", "Amala" }, {
                  "application_date", "2018-01-01"
                }
            };
            personalisation.Add("name", "Amala");
            EmailNotificationResponse response = client.SendEmail(emailAddress, templateId, personalisation, reference, emailReplyToId);
            Console.WriteLine("SendEmail: " + response.id + " " + response.content.subject + " from " + response.content.fromEmail);
            try
            {
                // The documented short form; the simulator's template has a ((name)) placeholder.
                client.SendEmail(
                    emailAddress: "simulate-delivered@notifications.service.gov.uk",
                    templateId: templateId
                );
                Console.WriteLine("SendEmail without personalisation: unexpectedly accepted");
                return 1;
            }
            catch (NotifyClientException e)
            {
                Console.WriteLine("SendEmail without personalisation: " + e.Message.Split('\n')[0]);
            }
        }

        // Send a file by email
        {
            var path = Path.Combine(Path.GetTempPath(), "govuk-notify-doc-example-" + Guid.NewGuid() + ".pdf");
            File.WriteAllText(path, "%PDF-1.4\n%%EOF\n");
            byte[] documentContents = File.ReadAllBytes(path);
            File.Delete(path);

            Dictionary<String, dynamic> personalisation = new Dictionary<String, dynamic>
            {
                { "name", "Foo" },
                { "link_to_file", NotificationClient.PrepareUpload(documentContents)}
            };
            EmailNotificationResponse response = client.SendEmail("simulate-delivered@notifications.service.gov.uk", Env("GN_TPL_EMAIL_FILE"), personalisation);
            Console.WriteLine("SendEmail with a file: " + response.id);
            try
            {
                NotificationClient.PrepareUpload(new byte[3 * 1024 * 1024]);
                Console.WriteLine("PrepareUpload of 3 MB: unexpectedly accepted");
                return 1;
            }
            catch (ArgumentException e)
            {
                Console.WriteLine("PrepareUpload of 3 MB: " + e.Message.Split('\n')[0]);
            }
        }

        // Send a letter
        {
            string templateId = Env("GN_TPL_LETTER");
            string reference = "STRING";
            Dictionary<String, dynamic> personalisation = new Dictionary<String, dynamic>
            {
                { "address_line_1", "The Occupier" },  // required
                { "address_line_2", "123 High Street" }, // required
                { "address_line_3", "London" },
                { "postcode", "SW14 6BF" } // required
                // ... any other optional address lines, or personalisation fields found in your template
            };
            personalisation.Add("name", "Amala");
            LetterNotificationResponse response = client.SendLetter(templateId, personalisation, reference);
            Console.WriteLine("SendLetter: " + response.id + " " + response.content.subject);
            letterId = response.id;
        }

        // Send a precompiled letter
        {
            string clientReference = "STRING";
            byte[] pdfContents = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n");
            string postage = "first";
            LetterNotificationResponse response = client.SendPrecompiledLetter(
                clientReference,
                pdfContents,
                postage
                );
            Console.WriteLine("SendPrecompiledLetter: " + response.id + " " + response.postage);
        }

        // Get the status of one message
        {
            Notification notification = client.GetNotificationById(notificationId);
            Console.WriteLine("GetNotificationById: " + notification.id + " " + notification.status + " " + notification.type);
        }

        // Get the status of multiple messages
        {
            string templateType = "sms";
            string status = "";
            string reference = "STRING";
            string olderThanId = "";
            NotificationList notifications = client.GetNotifications(templateType, status, reference, olderThanId);
            Console.WriteLine("GetNotifications: " + notifications.notifications.Count + " (next page: " + (notifications.links.next != null) + ")");
        }

        // Get a letter's PDF
        {
            byte[] pdfFile = client.GetPdfForLetter(letterId);
            Console.WriteLine("GetPdfForLetter: " + pdfFile.Length + " bytes");
        }

        // Get a template by ID
        {
            string templateId = Env("GN_TPL_SMS");
            TemplateResponse response = client.GetTemplateById(
                templateId
            );
            Console.WriteLine("GetTemplateById: " + response.name + " v" + response.version + " created " + response.created_at.ToString("u"));
        }

        // Get a template by ID and version
        {
            string templateId = Env("GN_TPL_SMS");
            TemplateResponse response = client.GetTemplateByIdAndVersion(
                templateId,
                1   // integer required for version number
            );
            Console.WriteLine("GetTemplateByIdAndVersion: v" + response.version);
        }

        // Get all templates
        {
            TemplateList response = client.GetAllTemplates(
                "sms" // optional
            );
            Console.WriteLine("GetAllTemplates: " + response.templates.Count + " text message templates");
        }

        // Generate a preview template
        {
            string templateId = Env("GN_TPL_SMS");
            Dictionary<String, dynamic> personalisation = new Dictionary<String, dynamic>
            {
                { "name", "someone" }
            };
            TemplatePreviewResponse response = client.GenerateTemplatePreview(
                templateId,
                personalisation
            );
            Console.WriteLine("GenerateTemplatePreview: " + response.body);
        }

        // Get received text messages
        {
            string olderThanId = "";
            ReceivedTextListResponse response = client.GetReceivedTexts(olderThanId);
            Console.WriteLine("GetReceivedTexts: " + response.receivedTexts.Count);
        }

        Console.WriteLine("documented examples: all ran");
        return 0;
    }
}
