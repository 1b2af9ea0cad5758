using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace AckPoller.Core.Tests.Architecture;

/// <summary>The dependencies between the namespaces of an assembly, read from its metadata: base types, interfaces,
/// generic constraints, custom attributes (typeof arguments included), field, property, event, method and local
/// signatures, catch clauses and every type, method or field token in the method bodies (generic instantiations
/// decoded). A nested type (compiler-generated closures, state machines, display classes) counts for its outermost
/// declaring type. An edge remembers its first evidence ("Type.Member uses OtherType").</summary>
internal sealed class NamespaceGraph
{
    private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => unchecked((ushort)o.Value), o => o.OperandType);

    private NamespaceGraph(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges) => Edges = edges;

    /// <summary>From node to (to node → first evidence).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Edges { get; }

    public int EdgeCount => Edges.Values.Sum(e => e.Count);

    /// <summary>Reads <paramref name="assemblyPath"/>; <paramref name="nodeOf"/> maps a namespace to its node, or null
    /// for namespaces outside the graph.</summary>
    public static NamespaceGraph Read(string assemblyPath, Func<string, string?> nodeOf)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var walker = new Walker(reader, pe, nodeOf);
        foreach (var handle in reader.TypeDefinitions)
        {
            walker.Visit(handle);
        }

        return new NamespaceGraph(walker.Edges.ToDictionary(
            e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value, StringComparer.Ordinal));
    }

    /// <summary>The strongly connected components with more than one node (Tarjan), each sorted, largest first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var nodes = Edges.Keys.Concat(Edges.Values.SelectMany(e => e.Keys)).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<IReadOnlyList<string>>();
        var next = 0;

        void Connect(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Successors(v))
            {
                if (!index.ContainsKey(w))
                {
                    Connect(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w) && index.TryGetValue(w, out var at))
                {
                    low[v] = Math.Min(low[v], at);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    result.Add(component.Order(StringComparer.Ordinal).ToList());
                }
            }
        }

        foreach (var node in nodes)
        {
            if (!index.ContainsKey(node))
            {
                Connect(node);
            }
        }

        return result.OrderByDescending(c => c.Count).ToList();
    }

    /// <summary>A shortest cycle through <paramref name="start"/> inside <paramref name="component"/>, as the list of
    /// nodes with the start repeated at the end.</summary>
    public IReadOnlyList<string> ShortestCycle(string start, IReadOnlyCollection<string> component)
    {
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            foreach (var w in Successors(v).Where(component.Contains))
            {
                if (w == start)
                {
                    var path = new List<string> { start };
                    for (var n = v; n != start; n = previous[n])
                    {
                        path.Add(n);
                    }

                    path.Add(start);
                    path.Reverse();
                    return path;
                }

                if (previous.TryAdd(w, v))
                {
                    queue.Enqueue(w);
                }
            }
        }

        return [start];
    }

    public IEnumerable<string> Successors(string node) =>
        Edges.TryGetValue(node, out var to) ? to.Keys.Order(StringComparer.Ordinal) : [];

    private sealed class Walker(MetadataReader reader, PEReader pe, Func<string, string?> nodeOf)
    {
        private readonly Collector _collector = new(reader);
        private readonly Dictionary<string, TypeDefinitionHandle> _byName = reader.TypeDefinitions
            .ToDictionary(h => FullName(reader, h), StringComparer.Ordinal);

        public Dictionary<string, Dictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

        public void Visit(TypeDefinitionHandle handle)
        {
            var owner = Outermost(handle);
            var from = nodeOf(reader.GetString(reader.GetTypeDefinition(owner).Namespace));
            if (from is null)
            {
                return;
            }

            var type = reader.GetTypeDefinition(handle);
            var where = FullName(reader, owner) + (owner == handle ? "" : "/" + reader.GetString(type.Name));

            Use(from, where, type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
            {
                Use(from, where, reader.GetInterfaceImplementation(i).Interface);
            }

            Generics(from, where, type.GetGenericParameters());
            Attributes(from, where, type.GetCustomAttributes());

            foreach (var f in type.GetFields())
            {
                var field = reader.GetFieldDefinition(f);
                field.DecodeSignature(_collector, null);
                Member(from, where + "." + reader.GetString(field.Name), field.GetCustomAttributes());
            }

            foreach (var p in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(p);
                property.DecodeSignature(_collector, null);
                Member(from, where + "." + reader.GetString(property.Name), property.GetCustomAttributes());
            }

            foreach (var e in type.GetEvents())
            {
                var @event = reader.GetEventDefinition(e);
                Use(from, where + "." + reader.GetString(@event.Name), @event.Type);
            }

            foreach (var m in type.GetMethods())
            {
                Method(from, where, m);
            }
        }

        /// <summary>Records what the signature just decoded named, then the member's attributes.</summary>
        private void Member(string from, string at, CustomAttributeHandleCollection attributes)
        {
            Flush(from, at);
            Attributes(from, at, attributes);
        }

        private void Method(string from, string where, MethodDefinitionHandle handle)
        {
            var method = reader.GetMethodDefinition(handle);
            var at = where + "." + reader.GetString(method.Name);
            method.DecodeSignature(_collector, null);
            Flush(from, at);
            Generics(from, at, method.GetGenericParameters());
            Attributes(from, at, method.GetCustomAttributes());
            foreach (var p in method.GetParameters())
            {
                Attributes(from, at, reader.GetParameter(p).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_collector, null);
                Flush(from, at);
            }

            foreach (var region in body.ExceptionRegions)
            {
                Use(from, at, region.CatchType);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                ushort code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = (ushort)(0xFE00 | il.ReadByte());
                }

                switch (Operands[code])
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        il.Offset += 4 * il.ReadInt32();
                        break;
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineType:
                    case OperandType.InlineTok:
                    case OperandType.InlineSig:
                        Use(from, at, MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    default:
                        il.Offset += 4;
                        break;
                }
            }
        }

        private void Generics(string from, string where, GenericParameterHandleCollection parameters)
        {
            foreach (var p in parameters)
            {
                foreach (var c in reader.GetGenericParameter(p).GetConstraints())
                {
                    Use(from, where, reader.GetGenericParameterConstraint(c).Type);
                }
            }
        }

        private void Attributes(string from, string where, CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                var attribute = reader.GetCustomAttribute(a);
                Use(from, where, attribute.Constructor);
                try
                {
                    _ = attribute.DecodeValue(new AttributeTypes(_byName, _collector));
                }
                catch (BadImageFormatException)
                {
                    // An enum argument of a type from another assembly whose size is not int: no typeof() to find.
                }

                Flush(from, where);
            }
        }

        private void Use(string from, string where, EntityHandle handle)
        {
            _collector.Add(handle);
            Flush(from, where);
        }

        private void Flush(string from, string where)
        {
            foreach (var used in _collector.Drain())
            {
                var owner = Outermost(used);
                var to = nodeOf(reader.GetString(reader.GetTypeDefinition(owner).Namespace));
                if (to is null || to == from)
                {
                    continue;
                }

                if (!Edges.TryGetValue(from, out var targets))
                {
                    Edges[from] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                targets.TryAdd(to, $"{where} uses {FullName(reader, owner)}");
            }
        }

        private TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
        {
            while (true)
            {
                var declaring = reader.GetTypeDefinition(handle).GetDeclaringType();
                if (declaring.IsNil)
                {
                    return handle;
                }

                handle = declaring;
            }
        }
    }

    private static string FullName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return FullName(reader, declaring) + "+" + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Collects the assembly's own type definitions named by handles and signatures.</summary>
    private sealed class Collector(MetadataReader reader) : ISignatureTypeProvider<object?, object?>
    {
        private readonly HashSet<TypeDefinitionHandle> _found = [];

        public void AddDefinition(TypeDefinitionHandle handle) => _found.Add(handle);

        public List<TypeDefinitionHandle> Drain()
        {
            var found = _found.ToList();
            _found.Clear();
            return found;
        }

        public void Add(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    _found.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    _found.Add(method.GetDeclaringType());
                    method.DecodeSignature(this, null);
                    break;
                case HandleKind.FieldDefinition:
                    var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                    _found.Add(field.GetDeclaringType());
                    field.DecodeSignature(this, null);
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Add(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(spec.Method);
                    spec.DecodeSignature(this, null);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                    {
                        signature.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        signature.DecodeLocalSignature(this, null);
                    }

                    break;
            }
        }

        public object? GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            _found.Add(handle);
            return null;
        }

        public object? GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind) => null;

        public object? GetTypeFromSpecification(MetadataReader r, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            Add(handle);
            return null;
        }

        public object? GetArrayType(object? elementType, ArrayShape shape) => null;
        public object? GetByReferenceType(object? elementType) => null;
        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;
        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;
        public object? GetGenericMethodParameter(object? genericContext, int index) => null;
        public object? GetGenericTypeParameter(object? genericContext, int index) => null;
        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;
        public object? GetPinnedType(object? elementType) => null;
        public object? GetPointerType(object? elementType) => null;
        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;
        public object? GetSZArrayType(object? elementType) => null;
    }

    /// <summary>Decodes attribute arguments only to find typeof() arguments naming the assembly's own types.</summary>
    private sealed class AttributeTypes(IReadOnlyDictionary<string, TypeDefinitionHandle> byName, Collector collector)
        : ICustomAttributeTypeProvider<string>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSystemType() => "System.Type";
        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            collector.AddDefinition(handle);
            return FullName(reader, handle);
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
        }

        public string GetTypeFromSerializedName(string name)
        {
            var plain = name.Split(',')[0].Split('[')[0];
            if (byName.TryGetValue(plain, out var handle))
            {
                collector.AddDefinition(handle);
            }

            return plain;
        }

        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;

        public bool IsSystemType(string type) => type == "System.Type";
    }
}
