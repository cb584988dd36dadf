using System.Collections.Generic;
using Notify.Internal;

namespace Notify.Models
{
    /// <summary>
    /// A file ready to be sent by email, from <c>NotificationClient.PrepareUpload</c>: put it as a
    /// value in the personalisation of <c>SendEmail</c>. The JSON it stands for is made by the
    /// native library. <see cref="ToString"/> names the file but never prints its contents.
    /// </summary>
    public sealed class PreparedUpload
    {
        private readonly Dictionary<string, object> fields;

        internal PreparedUpload(string json)
        {
            Json = json;
            fields = Internal.Json.ParseObject(json);
        }

        internal string Json { get; }

        /// <summary>
        /// A value of the upload object by its JSON name (<c>file</c>, <c>filename</c>,
        /// <c>confirm_email_before_download</c>, <c>retention_period</c>), as the official
        /// client's <c>JObject</c> allows; null when unset.
        /// </summary>
        public object this[string key] => JsonView.Get(fields, key);

        /// <summary>The file name Notify shows, or null.</summary>
        public string Filename => JsonView.Str(fields, "filename");

        /// <summary>Whether the recipient must confirm their email address first, or null for Notify's default.</summary>
        public bool? ConfirmEmailBeforeDownload => (bool?)JsonView.Get(fields, "confirm_email_before_download");

        /// <summary>How long Notify keeps the file (e.g. <c>"4 weeks"</c>), or null for Notify's default.</summary>
        public string RetentionPeriod => JsonView.Str(fields, "retention_period");

        /// <summary>A summary without the file's contents.</summary>
        public override string ToString()
        {
            return "PreparedUpload(filename=" + (Filename ?? "null") + ")";
        }
    }
}
