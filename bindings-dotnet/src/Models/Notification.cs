using System.Collections.Generic;
using Notify.Internal;
using Notify.Models.Responses;

namespace Notify.Models
{
    /// <summary>
    /// One notification (text message, email or letter) and its status, as returned by
    /// <c>GetNotificationById</c> and inside <see cref="NotificationList"/>. Timestamps are the
    /// strings Notify sent (ISO 8601, UTC).
    /// </summary>
    public class Notification
    {
        /// <summary>The notification's id.</summary>
        public string id;
        /// <summary>When the notification reached its final status, or null.</summary>
        public string completedAt;
        /// <summary>When Notify accepted the notification.</summary>
        public string createdAt;
        /// <summary>The recipient of an email, otherwise null.</summary>
        public string emailAddress;
        /// <summary>The message as sent, with personalisation filled in.</summary>
        public string body;
        /// <summary>The subject of an email or letter, otherwise null.</summary>
        public string subject;
        /// <summary>The one-click unsubscribe URL of an email, or null.</summary>
        public string oneClickUnsubscribeURL;
        /// <summary>Address line 1 of a letter, otherwise null.</summary>
        public string line1;
        /// <summary>Address line 2 of a letter, otherwise null.</summary>
        public string line2;
        /// <summary>Address line 3 of a letter, otherwise null.</summary>
        public string line3;
        /// <summary>Address line 4 of a letter, otherwise null.</summary>
        public string line4;
        /// <summary>Address line 5 of a letter, otherwise null.</summary>
        public string line5;
        /// <summary>Address line 6 of a letter, otherwise null.</summary>
        public string line6;
        /// <summary>The recipient of a text message, otherwise null.</summary>
        public string phoneNumber;
        /// <summary>The postcode of a letter, otherwise null.</summary>
        public string postcode;
        /// <summary>The postage of a letter (<c>first</c>, <c>second</c>, ...), otherwise null.</summary>
        public string postage;
        /// <summary>Your reference, or null.</summary>
        public string reference;
        /// <summary>When the notification was sent to the provider, or null.</summary>
        public string sentAt;
        /// <summary>The status, e.g. <c>created</c>, <c>sending</c>, <c>delivered</c>.</summary>
        public string status;
        /// <summary>The template used.</summary>
        public Template template;
        /// <summary><c>sms</c>, <c>email</c> or <c>letter</c>.</summary>
        public string type;
        /// <summary>The name of the team member who sent it from the Notify website, or null.</summary>
        public string createdByName;
        /// <summary>Whether <see cref="costInPounds"/> and <see cref="costDetails"/> are final.</summary>
        public bool isCostDataReady;
        /// <summary>The cost in pounds, when known.</summary>
        public double? costInPounds;
        /// <summary>How the cost was worked out, when known.</summary>
        public CostDetails costDetails;

        internal static Notification From(Dictionary<string, object> o)
        {
            return new Notification
            {
                id = JsonView.Str(o, "id"),
                completedAt = JsonView.Str(o, "completed_at"),
                createdAt = JsonView.Str(o, "created_at"),
                emailAddress = JsonView.Str(o, "email_address"),
                body = JsonView.Str(o, "body"),
                subject = JsonView.Str(o, "subject"),
                oneClickUnsubscribeURL = JsonView.Str(o, "one_click_unsubscribe_url"),
                line1 = JsonView.Str(o, "line_1"),
                line2 = JsonView.Str(o, "line_2"),
                line3 = JsonView.Str(o, "line_3"),
                line4 = JsonView.Str(o, "line_4"),
                line5 = JsonView.Str(o, "line_5"),
                line6 = JsonView.Str(o, "line_6"),
                phoneNumber = JsonView.Str(o, "phone_number"),
                postcode = JsonView.Str(o, "postcode"),
                postage = JsonView.Str(o, "postage"),
                reference = JsonView.Str(o, "reference"),
                sentAt = JsonView.Str(o, "sent_at"),
                status = JsonView.Str(o, "status"),
                template = Template.From(JsonView.Obj(o, "template")),
                type = JsonView.Str(o, "type"),
                createdByName = JsonView.Str(o, "created_by_name"),
                isCostDataReady = JsonView.Bool(o, "is_cost_data_ready"),
                costInPounds = JsonView.NullableDouble(o, "cost_in_pounds"),
                costDetails = CostDetails.From(JsonView.Obj(o, "cost_details")),
            };
        }
    }

    /// <summary>How a notification's cost was worked out.</summary>
    public class CostDetails
    {
        /// <summary>The number of billable text message fragments.</summary>
        public int? billableSmsFragments { get; set; }
        /// <summary>The multiplier for an international text message.</summary>
        public double? internationalRateMultiplier { get; set; }
        /// <summary>The price of one text message fragment, in pounds.</summary>
        public double? smsRate { get; set; }
        /// <summary>The number of sheets of paper in a letter.</summary>
        public int? billableSheetsOfPaper { get; set; }
        /// <summary>The postage of a letter.</summary>
        public string postage { get; set; }

        internal static CostDetails From(Dictionary<string, object> o)
        {
            if (o == null)
            {
                return null;
            }
            return new CostDetails
            {
                billableSmsFragments = JsonView.NullableInt(o, "billable_sms_fragments"),
                internationalRateMultiplier = JsonView.NullableDouble(o, "international_rate_multiplier"),
                smsRate = JsonView.NullableDouble(o, "sms_rate"),
                billableSheetsOfPaper = JsonView.NullableInt(o, "billable_sheets_of_paper"),
                postage = JsonView.Str(o, "postage"),
            };
        }
    }

    /// <summary>The template a notification was sent with.</summary>
    public class Template
    {
        /// <summary>The template's id.</summary>
        public string id;
        /// <summary>The template's API URL.</summary>
        public string uri;
        /// <summary>The template version used.</summary>
        public int version;

        internal static Template From(Dictionary<string, object> o)
        {
            if (o == null)
            {
                return null;
            }
            return new Template
            {
                id = JsonView.Str(o, "id"),
                uri = JsonView.Str(o, "uri"),
                version = JsonView.Int(o, "version"),
            };
        }
    }

    /// <summary>One page of notifications, newest first (<c>GetNotifications</c>).</summary>
    public class NotificationList
    {
        /// <summary>Up to 250 notifications.</summary>
        public List<Notification> notifications;
        /// <summary>Links to this page and the next (older) one.</summary>
        public Link links;

        internal static NotificationList From(Dictionary<string, object> o)
        {
            return new NotificationList
            {
                notifications = JsonView.List(o, "notifications", Notification.From) ?? new List<Notification>(),
                links = Link.From(JsonView.Obj(o, "links")),
            };
        }
    }
}
