using System.Collections.Generic;
using System.Threading.Tasks;
using Notify.Models;
using Notify.Models.Responses;

namespace Notify.Interfaces
{
    /// <summary>The synchronous methods of <c>Notify.Client.NotificationClient</c>, as in the official client.</summary>
    public interface INotificationClient
    {
        /// <summary>See <c>NotificationClient.GenerateTemplatePreview</c>.</summary>
        TemplatePreviewResponse GenerateTemplatePreview(string templateId, Dictionary<string, dynamic> personalisation = null);

        /// <summary>See <c>NotificationClient.GetAllTemplates</c>.</summary>
        TemplateList GetAllTemplates(string templateType = "");

        /// <summary>See <c>NotificationClient.GetNotificationById</c>.</summary>
        Notification GetNotificationById(string notificationId);

        /// <summary>See <c>NotificationClient.GetNotifications</c>.</summary>
        NotificationList GetNotifications(string templateType = "", string status = "", string reference = "", string olderThanId = "", bool includeSpreadsheetUploads = false);

        /// <summary>See <c>NotificationClient.GetReceivedTexts</c>.</summary>
        ReceivedTextListResponse GetReceivedTexts(string olderThanId = "");

        /// <summary>See <c>NotificationClient.GetTemplateById</c>.</summary>
        TemplateResponse GetTemplateById(string templateId);

        /// <summary>See <c>NotificationClient.GetTemplateByIdAndVersion</c>.</summary>
        TemplateResponse GetTemplateByIdAndVersion(string templateId, int version = 0);

        /// <summary>See <c>NotificationClient.SendSms</c>.</summary>
        SmsNotificationResponse SendSms(string mobileNumber, string templateId, Dictionary<string, dynamic> personalisation = null, string clientReference = null, string smsSenderId = null);

        /// <summary>See <c>NotificationClient.SendEmail</c>.</summary>
        EmailNotificationResponse SendEmail(string emailAddress, string templateId, Dictionary<string, dynamic> personalisation = null, string clientReference = null,
            string emailReplyToId = null, string oneClickUnsubscribeURL = null, List<string> sanitiseContentFor = null);

        /// <summary>See <c>NotificationClient.SendLetter</c>.</summary>
        LetterNotificationResponse SendLetter(string templateId, Dictionary<string, dynamic> personalisation, string clientReference = null);

        /// <summary>See <c>NotificationClient.SendPrecompiledLetter</c>.</summary>
        LetterNotificationResponse SendPrecompiledLetter(string clientReference, byte[] pdfContents, string postage = null);

        /// <summary>See <c>NotificationClient.GetPdfForLetter</c>.</summary>
        byte[] GetPdfForLetter(string notificationId);
    }

    /// <summary>The asynchronous methods of <c>Notify.Client.NotificationClient</c>, as in the official client.</summary>
    public interface IAsyncNotificationClient
    {
        /// <summary>See <c>NotificationClient.GenerateTemplatePreviewAsync</c>.</summary>
        Task<TemplatePreviewResponse> GenerateTemplatePreviewAsync(string templateId, Dictionary<string, dynamic> personalisation = null);

        /// <summary>See <c>NotificationClient.GetAllTemplatesAsync</c>.</summary>
        Task<TemplateList> GetAllTemplatesAsync(string templateType = "");

        /// <summary>See <c>NotificationClient.GetNotificationByIdAsync</c>.</summary>
        Task<Notification> GetNotificationByIdAsync(string notificationId);

        /// <summary>See <c>NotificationClient.GetNotificationsAsync</c>.</summary>
        Task<NotificationList> GetNotificationsAsync(string templateType = "", string status = "", string reference = "", string olderThanId = "", bool includeSpreadsheetUploads = false);

        /// <summary>See <c>NotificationClient.GetReceivedTextsAsync</c>.</summary>
        Task<ReceivedTextListResponse> GetReceivedTextsAsync(string olderThanId = "");

        /// <summary>See <c>NotificationClient.GetTemplateByIdAsync</c>.</summary>
        Task<TemplateResponse> GetTemplateByIdAsync(string templateId);

        /// <summary>See <c>NotificationClient.GetTemplateByIdAndVersionAsync</c>.</summary>
        Task<TemplateResponse> GetTemplateByIdAndVersionAsync(string templateId, int version = 0);

        /// <summary>See <c>NotificationClient.SendSmsAsync</c>.</summary>
        Task<SmsNotificationResponse> SendSmsAsync(string mobileNumber, string templateId, Dictionary<string, dynamic> personalisation = null, string clientReference = null, string smsSenderId = null);

        /// <summary>See <c>NotificationClient.SendEmailAsync</c>.</summary>
        Task<EmailNotificationResponse> SendEmailAsync(string emailAddress, string templateId, Dictionary<string, dynamic> personalisation = null, string clientReference = null,
            string emailReplyToId = null, string oneClickUnsubscribeURL = null, List<string> sanitiseContentFor = null);

        /// <summary>See <c>NotificationClient.SendLetterAsync</c>.</summary>
        Task<LetterNotificationResponse> SendLetterAsync(string templateId, Dictionary<string, dynamic> personalisation, string clientReference = null);

        /// <summary>See <c>NotificationClient.SendPrecompiledLetterAsync</c>.</summary>
        Task<LetterNotificationResponse> SendPrecompiledLetterAsync(string clientReference, byte[] pdfContents, string postage = null);

        /// <summary>See <c>NotificationClient.GetPdfForLetterAsync</c>.</summary>
        Task<byte[]> GetPdfForLetterAsync(string notificationId);
    }
}
