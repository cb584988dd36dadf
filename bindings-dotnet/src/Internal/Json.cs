using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Notify.Models;

namespace Notify.Internal
{
    /// <summary>
    /// A small JSON reader and writer, so the assembly needs nothing beyond the base class
    /// library. It only moves values between C# and the native library's JSON: objects become
    /// <see cref="Dictionary{TKey,TValue}"/> (ordinal keys), arrays <see cref="List{T}"/>,
    /// numbers <see cref="long"/> or <see cref="double"/>, and strings stay exactly as sent
    /// (dates are not reinterpreted). No Notify rule lives here.
    /// </summary>
    internal static class Json
    {
        public static object Parse(string text)
        {
            var reader = new Reader(text);
            reader.SkipWhitespace();
            var value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                throw reader.Error("unexpected text after the JSON value");
            }
            return value;
        }

        /// <summary>Parses text that must be a JSON object.</summary>
        public static Dictionary<string, object> ParseObject(string text)
        {
            var obj = Parse(text) as Dictionary<string, object>;
            if (obj == null)
            {
                throw new FormatException("expected a JSON object");
            }
            return obj;
        }

        private sealed class Reader
        {
            private const int MaxDepth = 128;
            private readonly string s;
            private int i;

            public Reader(string text)
            {
                s = text ?? throw new ArgumentNullException(nameof(text));
            }

            public bool AtEnd => i >= s.Length;

            public FormatException Error(string what)
            {
                return new FormatException("invalid JSON at character " + i + ": " + what);
            }

            public void SkipWhitespace()
            {
                while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
                {
                    i++;
                }
            }

            public object ReadValue(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw Error("nested too deeply");
                }
                if (AtEnd)
                {
                    throw Error("unexpected end");
                }
                char c = s[i];
                switch (c)
                {
                    case '{': return ReadObject(depth);
                    case '[': return ReadArray(depth);
                    case '"': return ReadString();
                    case 't': Expect("true"); return true;
                    case 'f': Expect("false"); return false;
                    case 'n': Expect("null"); return null;
                    default:
                        if (c == '-' || (c >= '0' && c <= '9'))
                        {
                            return ReadNumber();
                        }
                        throw Error("unexpected character");
                }
            }

            private void Expect(string word)
            {
                if (string.CompareOrdinal(s, i, word, 0, word.Length) != 0)
                {
                    throw Error("expected " + word);
                }
                i += word.Length;
            }

            private Dictionary<string, object> ReadObject(int depth)
            {
                var obj = new Dictionary<string, object>(StringComparer.Ordinal);
                i++;
                SkipWhitespace();
                if (i < s.Length && s[i] == '}')
                {
                    i++;
                    return obj;
                }
                while (true)
                {
                    SkipWhitespace();
                    if (AtEnd || s[i] != '"')
                    {
                        throw Error("expected a property name");
                    }
                    string key = ReadString();
                    SkipWhitespace();
                    if (AtEnd || s[i] != ':')
                    {
                        throw Error("expected ':'");
                    }
                    i++;
                    SkipWhitespace();
                    obj[key] = ReadValue(depth + 1);
                    SkipWhitespace();
                    if (AtEnd)
                    {
                        throw Error("unexpected end");
                    }
                    if (s[i] == ',')
                    {
                        i++;
                        continue;
                    }
                    if (s[i] == '}')
                    {
                        i++;
                        return obj;
                    }
                    throw Error("expected ',' or '}'");
                }
            }

            private List<object> ReadArray(int depth)
            {
                var list = new List<object>();
                i++;
                SkipWhitespace();
                if (i < s.Length && s[i] == ']')
                {
                    i++;
                    return list;
                }
                while (true)
                {
                    SkipWhitespace();
                    list.Add(ReadValue(depth + 1));
                    SkipWhitespace();
                    if (AtEnd)
                    {
                        throw Error("unexpected end");
                    }
                    if (s[i] == ',')
                    {
                        i++;
                        continue;
                    }
                    if (s[i] == ']')
                    {
                        i++;
                        return list;
                    }
                    throw Error("expected ',' or ']'");
                }
            }

            private string ReadString()
            {
                i++; // opening quote
                var sb = new StringBuilder();
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("unterminated string");
                    }
                    char c = s[i++];
                    if (c == '"')
                    {
                        return sb.ToString();
                    }
                    if (c != '\\')
                    {
                        sb.Append(c);
                        continue;
                    }
                    if (AtEnd)
                    {
                        throw Error("unterminated escape");
                    }
                    char e = s[i++];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (i + 4 > s.Length)
                            {
                                throw Error("short \\u escape");
                            }
                            int code;
                            if (!int.TryParse(s.Substring(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                            {
                                throw Error("bad \\u escape");
                            }
                            sb.Append((char)code);
                            i += 4;
                            break;
                        default:
                            throw Error("bad escape");
                    }
                }
            }

            private object ReadNumber()
            {
                int start = i;
                if (s[i] == '-')
                {
                    i++;
                }
                bool integral = true;
                while (i < s.Length)
                {
                    char c = s[i];
                    if (c >= '0' && c <= '9')
                    {
                        i++;
                    }
                    else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')
                    {
                        integral = false;
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }
                string text = s.Substring(start, i - start);
                long l;
                if (integral && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out l))
                {
                    return l;
                }
                double d;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                {
                    return d;
                }
                throw Error("bad number");
            }
        }

        /// <summary>Writes a JSON object from (key, value) pairs, skipping null values.</summary>
        public static string Object(params KeyValuePair<string, object>[] members)
        {
            var sb = new StringBuilder();
            sb.Append('{');
            bool first = true;
            foreach (var m in members)
            {
                if (m.Value == null)
                {
                    continue;
                }
                if (!first)
                {
                    sb.Append(',');
                }
                first = false;
                WriteString(sb, m.Key);
                sb.Append(':');
                WriteValue(sb, m.Value, m.Key, 0);
            }
            sb.Append('}');
            return sb.ToString();
        }

        public static KeyValuePair<string, object> Member(string key, object value)
        {
            return new KeyValuePair<string, object>(key, value);
        }

        /// <summary>
        /// Writes a caller's value (personalisation and the like). <paramref name="path"/> names
        /// the value in the error for a type that has no JSON form, e.g.
        /// <c>personalisation.name</c>.
        /// </summary>
        private static void WriteValue(StringBuilder sb, object value, string path, int depth)
        {
            if (depth > 64)
            {
                throw new ArgumentException(path + " is nested too deeply", path);
            }
            if (value == null)
            {
                sb.Append("null");
                return;
            }
            var raw = value as RawJson;
            if (raw != null)
            {
                sb.Append(raw.Text);
                return;
            }
            var upload = value as PreparedUpload;
            if (upload != null)
            {
                sb.Append(upload.Json);
                return;
            }
            var str = value as string;
            if (str != null)
            {
                WriteString(sb, str);
                return;
            }
            if (value is bool)
            {
                sb.Append((bool)value ? "true" : "false");
                return;
            }
            if (value is char)
            {
                WriteString(sb, value.ToString());
                return;
            }
            if (value is int || value is long || value is short || value is byte || value is sbyte
                || value is uint || value is ulong || value is ushort || value is decimal)
            {
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            }
            if (value is double || value is float)
            {
                double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    throw new ArgumentException(path + " is not a finite number", path);
                }
                sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            }
            if (value is DateTime)
            {
                WriteString(sb, ((DateTime)value).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture));
                return;
            }
            if (value is DateTimeOffset)
            {
                WriteString(sb, ((DateTimeOffset)value).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                return;
            }
            if (value is Guid)
            {
                WriteString(sb, value.ToString());
                return;
            }
            var dict = value as IDictionary;
            if (dict != null)
            {
                WriteMembers(sb, Entries(dict, path), path, depth);
                return;
            }
            // Dictionaries that are not IDictionary (ExpandoObject, IReadOnlyDictionary, ...).
            var pairs = value as IEnumerable<KeyValuePair<string, object>>;
            if (pairs != null)
            {
                WriteMembers(sb, pairs, path, depth);
                return;
            }
            var seq = value as IEnumerable;
            if (seq != null && !(value is byte[]))
            {
                sb.Append('[');
                bool first = true;
                int n = 0;
                foreach (var item in seq)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }
                    first = false;
                    WriteValue(sb, item, path + "[" + n + "]", depth + 1);
                    n++;
                }
                sb.Append(']');
                return;
            }
            throw new ArgumentException(
                path + " is a " + value.GetType().Name + ", which has no JSON form; use a string, number, bool, list or dictionary",
                path);
        }

        private static IEnumerable<KeyValuePair<string, object>> Entries(IDictionary dict, string path)
        {
            foreach (DictionaryEntry entry in dict)
            {
                var key = entry.Key as string;
                if (key == null)
                {
                    throw new ArgumentException(path + " has a key that is not a string", path);
                }
                yield return new KeyValuePair<string, object>(key, entry.Value);
            }
        }

        private static void WriteMembers(StringBuilder sb, IEnumerable<KeyValuePair<string, object>> members, string path, int depth)
        {
            sb.Append('{');
            bool first = true;
            foreach (var member in members)
            {
                if (!first)
                {
                    sb.Append(',');
                }
                first = false;
                WriteString(sb, member.Key);
                sb.Append(':');
                WriteValue(sb, member.Value, path + "." + member.Key, depth + 1);
            }
            sb.Append('}');
        }

        public static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < ' ')
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }
                        break;
                }
            }
            sb.Append('"');
        }

        /// <summary>
        /// Notify's <c>errors</c> list written the way the official client writes it in its
        /// exception messages (indented by two spaces, one property per line).
        /// </summary>
        public static string Indented(object value)
        {
            var sb = new StringBuilder();
            WriteIndented(sb, value, 0);
            return sb.ToString();
        }

        private static void WriteIndented(StringBuilder sb, object value, int level)
        {
            string nl = Environment.NewLine;
            var list = value as List<object>;
            var obj = value as Dictionary<string, object>;
            if (list != null)
            {
                if (list.Count == 0)
                {
                    sb.Append("[]");
                    return;
                }
                sb.Append('[').Append(nl);
                for (int k = 0; k < list.Count; k++)
                {
                    sb.Append(' ', 2 * (level + 1));
                    WriteIndented(sb, list[k], level + 1);
                    if (k < list.Count - 1)
                    {
                        sb.Append(',');
                    }
                    sb.Append(nl);
                }
                sb.Append(' ', 2 * level).Append(']');
                return;
            }
            if (obj != null)
            {
                if (obj.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }
                sb.Append('{').Append(nl);
                int k = 0;
                foreach (var kv in obj)
                {
                    sb.Append(' ', 2 * (level + 1));
                    WriteString(sb, kv.Key);
                    sb.Append(": ");
                    WriteIndented(sb, kv.Value, level + 1);
                    if (++k < obj.Count)
                    {
                        sb.Append(',');
                    }
                    sb.Append(nl);
                }
                sb.Append(' ', 2 * level).Append('}');
                return;
            }
            WriteValue(sb, value, "value", 0);
        }
    }

    /// <summary>Text that is already JSON (from the native library), written as is.</summary>
    internal sealed class RawJson
    {
        public RawJson(string text)
        {
            Text = text;
        }

        public string Text { get; }
    }
}
