using System;
using System.Collections.Generic;
using Notify.Internal;

namespace Notify.Models.Responses
{
    /// <summary>Links of a page: this page and the next (older) one, or null at the end.</summary>
    public class Link
    {
        /// <summary>The URL of this page.</summary>
        public string current;
        /// <summary>The URL of the next page, or null.</summary>
        public string next;

        internal static Link From(Dictionary<string, object> o)
        {
            if (o == null)
            {
                return null;
            }
            return new Link { current = JsonView.Str(o, "current"), next = JsonView.Str(o, "next") };
        }
    }

    /// <summary>What every send returns: the new notification's id, your reference, its URL and template.</summary>
    public class NotificationResponse
    {
        /// <summary>The new notification's id.</summary>
        public string id;
        /// <summary>Your reference, or null.</summary>
        public string reference;
        /// <summary>The notification's API URL.</summary>
        public string uri;
        /// <summary>The template used.</summary>
        public Template template;

        internal void Fill(Dictionary<string, object> o)
        {
            id = JsonView.Str(o, "id");
            reference = JsonView.Str(o, "reference");
            uri = JsonView.Str(o, "uri");
            template = Template.From(JsonView.Obj(o, "template"));
        }
    }

    /// <summary>The response to <c>SendSms</c>.</summary>
    public class SmsNotificationResponse : NotificationResponse
    {
        /// <summary>The message as sent.</summary>
        public SmsResponseContent content;

        internal static SmsNotificationResponse From(Dictionary<string, object> o)
        {
            var r = new SmsNotificationResponse();
            r.Fill(o);
            var c = JsonView.Obj(o, "content");
            if (c != null)
            {
                r.content = new SmsResponseContent { body = JsonView.Str(c, "body"), fromNumber = JsonView.Str(c, "from_number") };
            }
            return r;
        }
    }

    /// <summary>The text message as sent.</summary>
    public class SmsResponseContent
    {
        /// <summary>The message, with personalisation filled in.</summary>
        public string body;
        /// <summary>The sender name or number.</summary>
        public string fromNumber;
    }

    /// <summary>The response to <c>SendEmail</c>.</summary>
    public class EmailNotificationResponse : NotificationResponse
    {
        /// <summary>The email as sent.</summary>
        public EmailResponseContent content;
        /// <summary>Personalisation values Notify sanitised, when you asked it to (<c>sanitiseContentFor</c>).</summary>
        public Dictionary<string, Dictionary<string, string>> sanitisedContent;

        internal static EmailNotificationResponse From(Dictionary<string, object> o)
        {
            var r = new EmailNotificationResponse();
            r.Fill(o);
            var c = JsonView.Obj(o, "content");
            if (c != null)
            {
                r.content = new EmailResponseContent
                {
                    fromEmail = JsonView.Str(c, "from_email"),
                    body = JsonView.Str(c, "body"),
                    subject = JsonView.Str(c, "subject"),
                    oneClickUnsubscribeURL = JsonView.Str(c, "one_click_unsubscribe_url"),
                };
            }
            var sanitised = JsonView.Obj(o, "sanitised_content");
            if (sanitised != null)
            {
                r.sanitisedContent = new Dictionary<string, Dictionary<string, string>>();
                foreach (var kv in sanitised)
                {
                    var inner = kv.Value as Dictionary<string, object>;
                    var strings = new Dictionary<string, string>();
                    if (inner != null)
                    {
                        foreach (var x in inner)
                        {
                            strings[x.Key] = x.Value == null ? null : Convert.ToString(x.Value, System.Globalization.CultureInfo.InvariantCulture);
                        }
                    }
                    r.sanitisedContent[kv.Key] = strings;
                }
            }
            return r;
        }
    }

    /// <summary>The email as sent.</summary>
    public class EmailResponseContent
    {
        /// <summary>The sender's address.</summary>
        public string fromEmail;
        /// <summary>The email body, with personalisation filled in.</summary>
        public string body;
        /// <summary>The subject.</summary>
        public string subject;
        /// <summary>The one-click unsubscribe URL, or null.</summary>
        public string oneClickUnsubscribeURL;
    }

    /// <summary>The response to <c>SendLetter</c> and <c>SendPrecompiledLetter</c>.</summary>
    public class LetterNotificationResponse : NotificationResponse
    {
        /// <summary>The postage, when Notify says (precompiled letters).</summary>
        public string postage;
        /// <summary>The letter as sent (null for a precompiled letter).</summary>
        public LetterResponseContent content;

        internal static LetterNotificationResponse From(Dictionary<string, object> o)
        {
            var r = new LetterNotificationResponse();
            r.Fill(o);
            r.postage = JsonView.Str(o, "postage");
            var c = JsonView.Obj(o, "content");
            if (c != null)
            {
                r.content = new LetterResponseContent { body = JsonView.Str(c, "body"), subject = JsonView.Str(c, "subject") };
            }
            return r;
        }
    }

    /// <summary>The letter as sent.</summary>
    public class LetterResponseContent
    {
        /// <summary>The letter body, with personalisation filled in.</summary>
        public string body;
        /// <summary>The letter's heading.</summary>
        public string subject;
    }

    /// <summary>A template (<c>GetTemplateById</c>, <c>GetTemplateByIdAndVersion</c>, <c>GetAllTemplates</c>).</summary>
    public class TemplateResponse
    {
        /// <summary>The template's id.</summary>
        public string id;
        /// <summary>The template's name.</summary>
        public string name;
        /// <summary><c>sms</c>, <c>email</c> or <c>letter</c>.</summary>
        public string type;
        /// <summary>When the template was created.</summary>
        public DateTime created_at;
        /// <summary>When this version was made, or null.</summary>
        public DateTime? updated_at;
        /// <summary>The email address of the team member who made this version.</summary>
        public string created_by;
        /// <summary>The version number.</summary>
        public int version;
        /// <summary>The template body, with placeholders like <c>((name))</c>.</summary>
        public string body;
        /// <summary>The subject of an email or letter; null for a text message.</summary>
        public string subject;
        /// <summary>The letter contact block of a letter template, or null.</summary>
        public string letter_contact_block;

        internal static TemplateResponse From(Dictionary<string, object> o)
        {
            return new TemplateResponse
            {
                id = JsonView.Str(o, "id"),
                name = JsonView.Str(o, "name"),
                type = JsonView.Str(o, "type"),
                created_at = JsonView.Date(o, "created_at") ?? default(DateTime),
                updated_at = JsonView.Date(o, "updated_at"),
                created_by = JsonView.Str(o, "created_by"),
                version = JsonView.Int(o, "version"),
                body = JsonView.Str(o, "body"),
                subject = JsonView.Str(o, "subject"),
                letter_contact_block = JsonView.Str(o, "letter_contact_block"),
            };
        }
    }

    /// <summary>The response to <c>GetAllTemplates</c>.</summary>
    public class TemplateList
    {
        /// <summary>The latest version of each template (empty when there are none).</summary>
        public List<TemplateResponse> templates;

        internal static TemplateList From(Dictionary<string, object> o)
        {
            return new TemplateList { templates = JsonView.List(o, "templates", TemplateResponse.From) ?? new List<TemplateResponse>() };
        }
    }

    /// <summary>The response to <c>GenerateTemplatePreview</c>.</summary>
    public class TemplatePreviewResponse
    {
        /// <summary>The template's id.</summary>
        public string id;
        /// <summary>The template's name, when Notify sends it.</summary>
        public string name;
        /// <summary><c>sms</c>, <c>email</c> or <c>letter</c>.</summary>
        public string type;
        /// <summary>The version previewed.</summary>
        public int version;
        /// <summary>The body with personalisation filled in.</summary>
        public string body;
        /// <summary>The subject with personalisation filled in; null for a text message.</summary>
        public string subject;
        /// <summary>The email rendered as HTML, when Notify sends it.</summary>
        public string html;

        internal static TemplatePreviewResponse From(Dictionary<string, object> o)
        {
            return new TemplatePreviewResponse
            {
                id = JsonView.Str(o, "id"),
                name = JsonView.Str(o, "name"),
                type = JsonView.Str(o, "type"),
                version = JsonView.Int(o, "version"),
                body = JsonView.Str(o, "body"),
                subject = JsonView.Str(o, "subject"),
                html = JsonView.Str(o, "html"),
            };
        }
    }

    /// <summary>One page of received text messages, newest first (<c>GetReceivedTexts</c>).</summary>
    public class ReceivedTextListResponse
    {
        /// <summary>Up to 250 received text messages.</summary>
        public List<ReceivedTextResponse> receivedTexts;
        /// <summary>Links to this page and the next (older) one.</summary>
        public Link links;

        internal static ReceivedTextListResponse From(Dictionary<string, object> o)
        {
            return new ReceivedTextListResponse
            {
                receivedTexts = JsonView.List(o, "received_text_messages", ReceivedTextResponse.From) ?? new List<ReceivedTextResponse>(),
                links = Link.From(JsonView.Obj(o, "links")),
            };
        }
    }

    /// <summary>A text message your service received.</summary>
    public class ReceivedTextResponse
    {
        /// <summary>The message's id.</summary>
        public string id;
        /// <summary>When it arrived.</summary>
        public string createdAt;
        /// <summary>Your service's number it was sent to.</summary>
        public string notifyNumber;
        /// <summary>The sender's number.</summary>
        public string userNumber;
        /// <summary>Your service's id.</summary>
        public string serviceId;
        /// <summary>The message text.</summary>
        public string content;

        internal static ReceivedTextResponse From(Dictionary<string, object> o)
        {
            return new ReceivedTextResponse
            {
                id = JsonView.Str(o, "id"),
                createdAt = JsonView.Str(o, "created_at"),
                notifyNumber = JsonView.Str(o, "notify_number"),
                userNumber = JsonView.Str(o, "user_number"),
                serviceId = JsonView.Str(o, "service_id"),
                content = JsonView.Str(o, "content"),
            };
        }
    }
}
