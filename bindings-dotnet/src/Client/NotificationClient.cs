using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Notify.Exceptions;
using Notify.Interfaces;
using Notify.Internal;
using Notify.Models;
using Notify.Models.Responses;

namespace Notify.Client
{
    /// <summary>
    /// A GOV.UK Notify client with the official .NET client's API (<c>Notify.Client.NotificationClient</c>),
    /// running on the govuk-notify native library: the key parsing, tokens, requests, input checks,
    /// retries of safe requests and error mapping all happen there.
    /// </summary>
    /// <remarks>
    /// One client may be shared by any number of threads and concurrent <c>...Async</c> calls;
    /// create one per process. The synchronous methods block the calling thread only (they do not
    /// wait on a <see cref="Task"/>), and the <c>...Async</c> methods hold no thread while the
    /// request is in flight, so neither can deadlock under a <c>SynchronizationContext</c>. Dispose
    /// the client to release its connection pool early; calls already running finish normally.
    /// </remarks>
    public partial class NotificationClient : INotificationClient, IAsyncNotificationClient, IDisposable
    {
        /// <summary>The production API, used when no base URL is given.</summary>
        public const string DefaultBaseUrl = "https://api.notifications.service.gov.uk";

        private delegate uint JsonCall(ClientHandle client, byte[] requestJson, out IntPtr json, out IntPtr errorJson);

        // Kept in a static field for the life of the process, so the function pointer handed to
        // the native library never outlives its delegate.
        private static readonly Native.Callback Completion = OnComplete;

        private readonly ClientHandle handle;

        /// <summary>A client for the production API.</summary>
        /// <param name="apiKey">The API key from GOV.UK Notify. Its secret is never shown in messages or <see cref="ToString"/>.</param>
        /// <exception cref="NotifyAuthException">The key is not a valid Notify API key.</exception>
        public NotificationClient(string apiKey)
            : this(null, apiKey, null)
        {
        }

        /// <summary>A client for another base URL, e.g. a local simulator or a gateway.</summary>
        /// <param name="baseUrl">The API's base URL; <c>http://</c> is accepted only for loopback hosts.</param>
        /// <param name="apiKey">The API key from GOV.UK Notify.</param>
        /// <exception cref="NotifyAuthException">The key or the URL was refused.</exception>
        public NotificationClient(string baseUrl, string apiKey)
            : this(baseUrl, apiKey, null)
        {
        }

        /// <summary>A client with settings the official client does not offer (timeouts, retries, a proxy).</summary>
        /// <param name="baseUrl">The API's base URL, or null for the production API.</param>
        /// <param name="apiKey">The API key from GOV.UK Notify.</param>
        /// <param name="options">The settings, or null for the defaults.</param>
        /// <exception cref="NotifyAuthException">The key, the URL or an option was refused.</exception>
        public NotificationClient(string baseUrl, string apiKey, NotificationClientOptions options)
        {
            NativeLoader.EnsureLoaded();
            BaseUrl = baseUrl ?? DefaultBaseUrl;
            handle = Create(options == null
                ? (baseUrl == null ? null : Json.Object(Json.Member("base_url", baseUrl)))
                : options.ToJson(baseUrl), apiKey);
        }

        // Native calls live in methods other than the one that calls NativeLoader.EnsureLoaded
        // (see NativeLoader.Probe).
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ClientHandle Create(string options, string apiKey)
        {
            var created = new ClientHandle();
            IntPtr client;
            IntPtr error;
            uint r = Native.govuk_notify_client_new(Native.Utf8(apiKey), Native.Utf8(options), out client, out error);
            if (r != Native.Ok)
            {
                throw ErrorReport.Parse(r, Native.TakeString(error)).ToAuthException();
            }
            created.Set(client);
            return created;
        }

        /// <summary>The base URL requests go to.</summary>
        public string BaseUrl { get; }

        /// <summary>The version of the native library in use, e.g. <c>0.1.0</c>.</summary>
        public static string NativeVersion
        {
            get
            {
                NativeLoader.EnsureLoaded();
                return NativeLoader.Probe();
            }
        }

        /// <summary>Names the base URL; never shows the API key.</summary>
        public override string ToString()
        {
            return "NotificationClient(BaseUrl=" + BaseUrl + ")";
        }

        /// <summary>Releases the native client. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        // ---- sending ---------------------------------------------------------------------------

        /// <summary>Sends a text message.</summary>
        /// <param name="mobileNumber">The recipient's UK or international phone number.</param>
        /// <param name="templateId">The text message template's id.</param>
        /// <param name="personalisation">Values for the template's placeholders, or null.</param>
        /// <param name="clientReference">Your reference for this message, or null.</param>
        /// <param name="smsSenderId">The id of a text message sender other than the default, or null.</param>
        /// <exception cref="NotifyClientException">The message was refused or could not be sent.</exception>
        public SmsNotificationResponse SendSms(string mobileNumber, string templateId, Dictionary<string, dynamic> personalisation = null,
            string clientReference = null, string smsSenderId = null)
        {
            return Call(Native.govuk_notify_send_sms, SmsRequest(mobileNumber, templateId, personalisation, clientReference, smsSenderId),
                SmsNotificationResponse.From, "SmsNotificationResponse");
        }

        /// <summary>Sends a text message without holding a thread while it is in flight. See <see cref="SendSms"/>.</summary>
        public Task<SmsNotificationResponse> SendSmsAsync(string mobileNumber, string templateId, Dictionary<string, dynamic> personalisation = null,
            string clientReference = null, string smsSenderId = null)
        {
            return CallAsync(Native.Operation.SendSms, () => SmsRequest(mobileNumber, templateId, personalisation, clientReference, smsSenderId),
                SmsNotificationResponse.From, "SmsNotificationResponse");
        }

        /// <summary>Sends an email.</summary>
        /// <param name="emailAddress">The recipient's email address.</param>
        /// <param name="templateId">The email template's id.</param>
        /// <param name="personalisation">Values for the template's placeholders (a file from <see cref="PrepareUpload(byte[])"/> included), or null.</param>
        /// <param name="clientReference">Your reference for this message, or null.</param>
        /// <param name="emailReplyToId">The id of a reply-to address other than the default, or null.</param>
        /// <param name="oneClickUnsubscribeURL">An https URL for one-click unsubscribe, or null.</param>
        /// <param name="sanitiseContentFor">Names of personalisation values Notify should sanitise, or null.</param>
        /// <exception cref="NotifyClientException">The email was refused or could not be sent.</exception>
        public EmailNotificationResponse SendEmail(string emailAddress, string templateId, Dictionary<string, dynamic> personalisation = null,
            string clientReference = null, string emailReplyToId = null, string oneClickUnsubscribeURL = null, List<string> sanitiseContentFor = null)
        {
            return Call(Native.govuk_notify_send_email,
                EmailRequest(emailAddress, templateId, personalisation, clientReference, emailReplyToId, oneClickUnsubscribeURL, sanitiseContentFor),
                EmailNotificationResponse.From, "EmailNotificationResponse");
        }

        /// <summary>Sends an email without holding a thread while it is in flight. See <see cref="SendEmail"/>.</summary>
        public Task<EmailNotificationResponse> SendEmailAsync(string emailAddress, string templateId, Dictionary<string, dynamic> personalisation = null,
            string clientReference = null, string emailReplyToId = null, string oneClickUnsubscribeURL = null, List<string> sanitiseContentFor = null)
        {
            return CallAsync(Native.Operation.SendEmail,
                () => EmailRequest(emailAddress, templateId, personalisation, clientReference, emailReplyToId, oneClickUnsubscribeURL, sanitiseContentFor),
                EmailNotificationResponse.From, "EmailNotificationResponse");
        }

        /// <summary>Sends a letter from a template.</summary>
        /// <param name="templateId">The letter template's id.</param>
        /// <param name="personalisation">The address (<c>address_line_1</c>... with at least three lines, the last a postcode or country) and the template's placeholders.</param>
        /// <param name="clientReference">Your reference for this letter, or null.</param>
        /// <exception cref="NotifyClientException">The letter was refused or could not be sent.</exception>
        public LetterNotificationResponse SendLetter(string templateId, Dictionary<string, dynamic> personalisation, string clientReference = null)
        {
            return Call(Native.govuk_notify_send_letter, LetterRequest(templateId, personalisation, clientReference),
                LetterNotificationResponse.From, "LetterNotificationResponse");
        }

        /// <summary>Sends a letter without holding a thread while it is in flight. See <see cref="SendLetter"/>.</summary>
        public Task<LetterNotificationResponse> SendLetterAsync(string templateId, Dictionary<string, dynamic> personalisation, string clientReference = null)
        {
            return CallAsync(Native.Operation.SendLetter, () => LetterRequest(templateId, personalisation, clientReference),
                LetterNotificationResponse.From, "LetterNotificationResponse");
        }

        /// <summary>Sends a precompiled letter (a PDF file that meets Notify's letter specification).</summary>
        /// <param name="clientReference">Your reference for this letter (required).</param>
        /// <param name="pdfContents">The PDF file's bytes.</param>
        /// <param name="postage"><c>first</c>, <c>second</c> or <c>economy</c>; null for the service's default.</param>
        /// <returns>The id, reference and postage of the new letter.</returns>
        /// <exception cref="NotifyClientException">The letter was refused or could not be sent.</exception>
        public LetterNotificationResponse SendPrecompiledLetter(string clientReference, byte[] pdfContents, string postage = null)
        {
            return Call(Native.govuk_notify_send_precompiled_letter, PrecompiledRequest(clientReference, pdfContents, postage),
                LetterNotificationResponse.From, "LetterNotificationResponse");
        }

        /// <summary>Sends a precompiled letter without holding a thread while it is in flight. See <see cref="SendPrecompiledLetter"/>.</summary>
        public Task<LetterNotificationResponse> SendPrecompiledLetterAsync(string clientReference, byte[] pdfContents, string postage = null)
        {
            return CallAsync(Native.Operation.SendPrecompiledLetter, () => PrecompiledRequest(clientReference, pdfContents, postage),
                LetterNotificationResponse.From, "LetterNotificationResponse");
        }

        // ---- reading ---------------------------------------------------------------------------

        /// <summary>Gets one notification's status and details (messages up to 7 days old).</summary>
        /// <param name="notificationId">The id from the send's response.</param>
        /// <exception cref="NotifyClientException">For example <see cref="NotifyErrorKind.NotFound"/>.</exception>
        public Notification GetNotificationById(string notificationId)
        {
            return Call(Native.govuk_notify_get_notification, IdRequest("notification_id", notificationId), Notification.From, "Notification");
        }

        /// <summary>As <see cref="GetNotificationById"/>, without holding a thread while it is in flight.</summary>
        public Task<Notification> GetNotificationByIdAsync(string notificationId)
        {
            return CallAsync(Native.Operation.GetNotification, () => IdRequest("notification_id", notificationId), Notification.From, "Notification");
        }

        /// <summary>Gets one page (up to 250) of notifications, newest first. Empty arguments are ignored.</summary>
        /// <param name="templateType"><c>sms</c>, <c>email</c> or <c>letter</c>.</param>
        /// <param name="status">A status such as <c>delivered</c> or <c>failed</c>.</param>
        /// <param name="reference">Your reference.</param>
        /// <param name="olderThanId">Return the notifications older than this one (the next page).</param>
        /// <param name="includeSpreadsheetUploads">Also return notifications sent by uploading a spreadsheet.</param>
        public NotificationList GetNotifications(string templateType = "", string status = "", string reference = "", string olderThanId = "",
            bool includeSpreadsheetUploads = false)
        {
            return Call(Native.govuk_notify_list_notifications, ListRequest(templateType, status, reference, olderThanId, includeSpreadsheetUploads),
                NotificationList.From, "NotificationList");
        }

        /// <summary>As <see cref="GetNotifications"/>, without holding a thread while it is in flight.</summary>
        public Task<NotificationList> GetNotificationsAsync(string templateType = "", string status = "", string reference = "", string olderThanId = "",
            bool includeSpreadsheetUploads = false)
        {
            return CallAsync(Native.Operation.ListNotifications,
                () => ListRequest(templateType, status, reference, olderThanId, includeSpreadsheetUploads), NotificationList.From, "NotificationList");
        }

        /// <summary>Gets the PDF of a letter. Until Notify has made it, this fails with <see cref="NotifyErrorKind.Validation"/> (<c>PDFNotReadyError</c>).</summary>
        /// <param name="notificationId">The letter's notification id.</param>
        /// <returns>The PDF file's bytes.</returns>
        public byte[] GetPdfForLetter(string notificationId)
        {
            var client = Handle();
            IntPtr data;
            UIntPtr len;
            IntPtr error;
            uint r = Native.govuk_notify_get_pdf_for_letter(client, Native.Utf8(IdRequest("notification_id", notificationId)), out data, out len, out error);
            if (r != Native.Ok)
            {
                throw ErrorReport.Parse(r, Native.TakeString(error)).ToException();
            }
            try
            {
                return Native.CopyBytes(data, len);
            }
            finally
            {
                Native.govuk_notify_bytes_free(data, len);
            }
        }

        /// <summary>As <see cref="GetPdfForLetter"/>, without holding a thread while it is in flight.</summary>
        public async Task<byte[]> GetPdfForLetterAsync(string notificationId)
        {
            var outcome = await Start(Native.Operation.GetPdfForLetter, () => IdRequest("notification_id", notificationId)).ConfigureAwait(false);
            return outcome.Bytes;
        }

        /// <summary>Gets the latest version of a template.</summary>
        public TemplateResponse GetTemplateById(string templateId)
        {
            return Call(Native.govuk_notify_get_template, IdRequest("template_id", templateId), TemplateResponse.From, "Template");
        }

        /// <summary>As <see cref="GetTemplateById"/>, without holding a thread while it is in flight.</summary>
        public Task<TemplateResponse> GetTemplateByIdAsync(string templateId)
        {
            return CallAsync(Native.Operation.GetTemplate, () => IdRequest("template_id", templateId), TemplateResponse.From, "Template");
        }

        /// <summary>Gets one version of a template; a version of 0 (the default) means the latest, as in the official client.</summary>
        public TemplateResponse GetTemplateByIdAndVersion(string templateId, int version = 0)
        {
            if (version <= 0)
            {
                return GetTemplateById(templateId);
            }
            return Call(Native.govuk_notify_get_template_version, VersionRequest(templateId, version), TemplateResponse.From, "Template");
        }

        /// <summary>As <see cref="GetTemplateByIdAndVersion"/>, without holding a thread while it is in flight.</summary>
        public Task<TemplateResponse> GetTemplateByIdAndVersionAsync(string templateId, int version = 0)
        {
            if (version <= 0)
            {
                return GetTemplateByIdAsync(templateId);
            }
            return CallAsync(Native.Operation.GetTemplateVersion, () => VersionRequest(templateId, version), TemplateResponse.From, "Template");
        }

        /// <summary>Gets the latest version of every template, or of every template of one type.</summary>
        /// <param name="templateType">Empty for all, or <c>sms</c>, <c>email</c>, <c>letter</c>.</param>
        public TemplateList GetAllTemplates(string templateType = "")
        {
            return Call(Native.govuk_notify_list_templates, TemplatesRequest(templateType), TemplateList.From, "TemplateList");
        }

        /// <summary>As <see cref="GetAllTemplates"/>, without holding a thread while it is in flight.</summary>
        public Task<TemplateList> GetAllTemplatesAsync(string templateType = "")
        {
            return CallAsync(Native.Operation.ListTemplates, () => TemplatesRequest(templateType), TemplateList.From, "TemplateList");
        }

        /// <summary>Renders a template with personalisation, without sending anything.</summary>
        /// <param name="templateId">The template's id.</param>
        /// <param name="personalisation">Values for the template's placeholders, or null.</param>
        public TemplatePreviewResponse GenerateTemplatePreview(string templateId, Dictionary<string, dynamic> personalisation = null)
        {
            return Call(Native.govuk_notify_preview_template, PreviewRequest(templateId, personalisation), TemplatePreviewResponse.From, "Template");
        }

        /// <summary>As <see cref="GenerateTemplatePreview"/>, without holding a thread while it is in flight.</summary>
        public Task<TemplatePreviewResponse> GenerateTemplatePreviewAsync(string templateId, Dictionary<string, dynamic> personalisation = null)
        {
            return CallAsync(Native.Operation.PreviewTemplate, () => PreviewRequest(templateId, personalisation), TemplatePreviewResponse.From, "Template");
        }

        /// <summary>Gets one page (up to 250) of text messages your service received, newest first.</summary>
        /// <param name="olderThanId">Return the messages older than this one (the next page); empty for the newest.</param>
        public ReceivedTextListResponse GetReceivedTexts(string olderThanId = "")
        {
            return Call(Native.govuk_notify_list_received_texts, ReceivedRequest(olderThanId), ReceivedTextListResponse.From, "ReceivedTextListResponse");
        }

        /// <summary>As <see cref="GetReceivedTexts"/>, without holding a thread while it is in flight.</summary>
        public Task<ReceivedTextListResponse> GetReceivedTextsAsync(string olderThanId = "")
        {
            return CallAsync(Native.Operation.ListReceivedTexts, () => ReceivedRequest(olderThanId), ReceivedTextListResponse.From, "ReceivedTextListResponse");
        }

        // ---- files -----------------------------------------------------------------------------

        /// <summary>Prepares a file (at most 2 MB) to be sent by email: put the result in the email's personalisation.</summary>
        /// <param name="documentContents">The file's bytes.</param>
        /// <exception cref="ArgumentException">The file is larger than 2 MB (message <c>File is larger than 2MB</c>, as the official client).</exception>
        public static PreparedUpload PrepareUpload(byte[] documentContents)
        {
            return Upload(documentContents, null);
        }

        /// <summary>As <see cref="PrepareUpload(byte[])"/>, with the file name the recipient sees.</summary>
        public static PreparedUpload PrepareUpload(byte[] documentContents, string filename)
        {
            return Upload(documentContents, Json.Object(Json.Member("filename", filename)));
        }

        /// <summary>As <see cref="PrepareUpload(byte[], string)"/>, also asking the recipient to confirm their email address before downloading, and for how long Notify keeps the file (e.g. <c>"4 weeks"</c>).</summary>
        public static PreparedUpload PrepareUpload(byte[] documentContents, string filename, bool confirmEmailBeforeDownload, string retentionPeriod)
        {
            return Upload(documentContents, Json.Object(
                Json.Member("filename", filename),
                Json.Member("confirm_email_before_download", confirmEmailBeforeDownload),
                Json.Member("retention_period", retentionPeriod)));
        }

        private static PreparedUpload Upload(byte[] documentContents, string options)
        {
            if (documentContents == null)
            {
                throw new ArgumentNullException(nameof(documentContents));
            }
            NativeLoader.EnsureLoaded();
            return UploadNative(documentContents, options);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static PreparedUpload UploadNative(byte[] documentContents, string options)
        {
            IntPtr json;
            IntPtr error;
            uint r = Native.govuk_notify_prepare_upload(documentContents, new UIntPtr((ulong)documentContents.Length), Native.Utf8(options), out json, out error);
            if (r != Native.Ok)
            {
                var report = ErrorReport.Parse(r, Native.TakeString(error));
                if (r == Native.TooLarge)
                {
                    throw new ArgumentException(report.Message, nameof(documentContents), report.ToException());
                }
                throw report.ToException();
            }
            return new PreparedUpload(Native.TakeString(json));
        }

        // ---- requests (the C ABI's request JSON; the native library checks every field) --------

        private static string SmsRequest(string mobileNumber, string templateId, Dictionary<string, dynamic> personalisation, string reference, string smsSenderId)
        {
            return Json.Object(
                Json.Member("phone_number", mobileNumber),
                Json.Member("template_id", templateId),
                Json.Member("personalisation", personalisation),
                Json.Member("reference", reference),
                Json.Member("sms_sender_id", smsSenderId));
        }

        private static string EmailRequest(string emailAddress, string templateId, Dictionary<string, dynamic> personalisation, string reference,
            string emailReplyToId, string oneClickUnsubscribeURL, List<string> sanitiseContentFor)
        {
            return Json.Object(
                Json.Member("email_address", emailAddress),
                Json.Member("template_id", templateId),
                Json.Member("personalisation", personalisation),
                Json.Member("reference", reference),
                Json.Member("email_reply_to_id", emailReplyToId),
                Json.Member("one_click_unsubscribe_url", oneClickUnsubscribeURL),
                Json.Member("sanitise_content_for", sanitiseContentFor));
        }

        private static string LetterRequest(string templateId, Dictionary<string, dynamic> personalisation, string reference)
        {
            return Json.Object(
                Json.Member("template_id", templateId),
                Json.Member("personalisation", personalisation),
                Json.Member("reference", reference));
        }

        private static string PrecompiledRequest(string reference, byte[] pdfContents, string postage)
        {
            return Json.Object(
                Json.Member("reference", reference),
                Json.Member("content", pdfContents == null ? null : Convert.ToBase64String(pdfContents)),
                Json.Member("postage", postage));
        }

        private static string IdRequest(string name, string id)
        {
            return Json.Object(Json.Member(name, id));
        }

        private static string VersionRequest(string templateId, int version)
        {
            return Json.Object(Json.Member("template_id", templateId), Json.Member("version", version));
        }

        private static string ListRequest(string templateType, string status, string reference, string olderThanId, bool includeSpreadsheetUploads)
        {
            return Json.Object(
                Json.Member("template_type", Unset(templateType)),
                Json.Member("status", Unset(status)),
                Json.Member("reference", Unset(reference)),
                Json.Member("older_than", Unset(olderThanId)),
                Json.Member("include_jobs", includeSpreadsheetUploads ? (object)true : null));
        }

        private static string TemplatesRequest(string templateType)
        {
            return Json.Object(Json.Member("template_type", Unset(templateType)));
        }

        private static string PreviewRequest(string templateId, Dictionary<string, dynamic> personalisation)
        {
            return Json.Object(Json.Member("template_id", templateId), Json.Member("personalisation", personalisation));
        }

        private static string ReceivedRequest(string olderThanId)
        {
            return Json.Object(Json.Member("older_than", Unset(olderThanId)));
        }

        /// <summary>The official client's optional filters treat empty and blank text as "no filter".</summary>
        private static string Unset(string s)
        {
            return string.IsNullOrWhiteSpace(s) ? null : s;
        }

        // ---- calls -----------------------------------------------------------------------------

        private ClientHandle Handle()
        {
            if (handle.IsClosed)
            {
                throw new ObjectDisposedException(nameof(NotificationClient));
            }
            return handle;
        }

        private T Call<T>(JsonCall call, string request, Func<Dictionary<string, object>, T> map, string what)
        {
            var client = Handle();
            IntPtr json;
            IntPtr error;
            uint r = call(client, Native.Utf8(request), out json, out error);
            if (r != Native.Ok)
            {
                throw ErrorReport.Parse(r, Native.TakeString(error)).ToException();
            }
            return Map(Native.TakeString(json), map, what);
        }

        private async Task<T> CallAsync<T>(Native.Operation operation, Func<string> request, Func<Dictionary<string, object>, T> map, string what)
        {
            var outcome = await Start(operation, request).ConfigureAwait(false);
            return Map(outcome.Json, map, what);
        }

        private static T Map<T>(string json, Func<Dictionary<string, object>, T> map, string what)
        {
            try
            {
                return map(Json.ParseObject(json));
            }
            catch (Exception e) when (e is FormatException || e is OverflowException || e is InvalidCastException)
            {
                throw ErrorReport.InvalidResponse(what, e);
            }
        }

        /// <summary>
        /// Starts a native call that completes <see cref="Pending.Source"/> from a library I/O
        /// thread. Refusals (bad arguments, a disposed client) come back as a faulted task, as
        /// from an <c>async</c> method.
        /// </summary>
        private Task<Outcome> Start(Native.Operation operation, Func<string> request)
        {
            var pending = new Pending();
            GCHandle state = default(GCHandle);
            bool started = false;
            try
            {
                var client = Handle();
                var body = Native.Utf8(request());
                state = GCHandle.Alloc(pending);
                IntPtr error;
                uint r = Native.govuk_notify_call_async(client, (uint)operation, body, Completion, GCHandle.ToIntPtr(state), out error);
                started = r == Native.Ok;
                if (!started)
                {
                    throw ErrorReport.Parse(r, Native.TakeString(error)).ToException();
                }
            }
            catch (Exception e)
            {
                // Refused (or the call itself failed): the callback will never run, so the
                // handle that would have carried the task to it is released here.
                if (!started && state.IsAllocated)
                {
                    state.Free();
                }
                pending.Source.TrySetException(e);
            }
            return pending.Source.Task;
        }

        /// <summary>
        /// The completion callback, run on a native I/O thread: copy what the library lent,
        /// complete the task, and return at once. Continuations run elsewhere
        /// (<see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>). Never throws into
        /// native code.
        /// </summary>
        private static void OnComplete(IntPtr userData, uint result, IntPtr json, IntPtr data, UIntPtr len)
        {
            Pending pending = null;
            try
            {
                var state = GCHandle.FromIntPtr(userData);
                pending = (Pending)state.Target;
                state.Free();
                if (result == Native.Ok)
                {
                    pending.Source.TrySetResult(new Outcome(Native.CopyString(json), data == IntPtr.Zero ? new byte[0] : Native.CopyBytes(data, len)));
                }
                else
                {
                    pending.Source.TrySetException(ErrorReport.Parse(result, Native.CopyString(json)).ToException());
                }
            }
            catch (Exception e)
            {
                if (pending != null)
                {
                    pending.Source.TrySetException(e);
                }
            }
        }

        private sealed class Pending
        {
            public readonly TaskCompletionSource<Outcome> Source =
                new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        private sealed class Outcome
        {
            public Outcome(string json, byte[] bytes)
            {
                Json = json;
                Bytes = bytes;
            }

            public string Json { get; }

            public byte[] Bytes { get; }
        }
    }
}
