using System;

namespace Notify.Client
{
    /// <summary>
    /// Settings the official client does not have, for the constructor
    /// <c>new NotificationClient(baseUrl, apiKey, options)</c>. Every value is
    /// optional; unset values keep the native library's defaults.
    /// </summary>
    public sealed class NotificationClientOptions
    {
        /// <summary>The total time allowed for one attempt of a request. Default 30 seconds.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>The time allowed to connect. Default 10 seconds.</summary>
        public TimeSpan? ConnectTimeout { get; set; }

        /// <summary>
        /// How many times a request that failed in a way worth retrying is repeated (reads, and
        /// sends that certainly did not reach Notify). Default 2; 0 turns retries off.
        /// </summary>
        public int? MaxRetries { get; set; }

        /// <summary>A proxy URL. By default <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c> and <c>NO_PROXY</c> are honoured.</summary>
        public string Proxy { get; set; }

        /// <summary>The options as the native library's options JSON (base URL included).</summary>
        internal string ToJson(string baseUrl)
        {
            object retry = null;
            if (MaxRetries.HasValue)
            {
                retry = new System.Collections.Generic.Dictionary<string, object> { { "max_retries", MaxRetries.Value } };
            }
            return Internal.Json.Object(
                Internal.Json.Member("base_url", baseUrl),
                Internal.Json.Member("timeout_ms", Millis(Timeout)),
                Internal.Json.Member("connect_timeout_ms", Millis(ConnectTimeout)),
                Internal.Json.Member("proxy", Proxy),
                Internal.Json.Member("retry", retry));
        }

        private static object Millis(TimeSpan? t)
        {
            if (!t.HasValue)
            {
                return null;
            }
            return (long)Math.Ceiling(t.Value.TotalMilliseconds);
        }

        /// <summary>The settings that are set.</summary>
        public override string ToString()
        {
            return "NotificationClientOptions(Timeout=" + Timeout + ", ConnectTimeout=" + ConnectTimeout + ", MaxRetries=" + MaxRetries
                + ", Proxy=" + (Proxy == null ? "" : "set") + ")";
        }
    }
}
