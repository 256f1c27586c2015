// The script's node graph on a React Flow canvas (loaded lazily: React Flow stays out of the first load).
// Nodes show their line, their branches as outgoing handles and the validation problems that concern them;
// dragging from a handle to a node connects (a "+" handle adds a branch), dragging a node moves it.
import { memo, useEffect, useMemo, useState } from 'react';
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  applyNodeChanges,
  type Edge,
  type Node,
  type NodeChange,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Tag, Tooltip, Typography } from 'antd';
import { ExclamationCircleFilled, WarningFilled } from '@ant-design/icons';
import type { ScriptDefinition, ScriptNode, ScriptProblem } from '../../api/scripts';
import {
  branchLabel,
  connect,
  disconnect,
  KIND_LABELS,
  linksOf,
  positionsOf,
  withNode,
} from './script-graph';

interface NodeData extends Record<string, unknown> {
  id: string;
  node: ScriptNode;
  problems: ScriptProblem[];
  entry: boolean;
}
type CanvasNode = Node<NodeData, 'script'>;

const KIND_COLORS: Record<string, string> = {
  say: '#1677ff',
  jump: '#722ed1',
  hangup: '#8c8c8c',
  transfer: '#13c2c2',
};

const variantText = (v: unknown) => (typeof v === 'string' ? v : ((v as { text?: string })?.text ?? ''));

function ScriptNodeView({ data, selected }: NodeProps<CanvasNode>) {
  const { node, problems, id, entry } = data;
  const errors = problems.filter((p) => p.severity === 'error');
  const border =
    errors.length > 0 ? '#ff4d4f' : problems.length > 0 ? '#faad14' : selected ? '#1677ff' : '#d9d9d9';
  const branches = node.branches ?? [];
  return (
    <div
      data-testid={`node-${id}`}
      data-problems={problems.length}
      style={{
        width: 240,
        background: '#fff',
        border: `2px solid ${border}`,
        borderRadius: 8,
        boxShadow: selected ? '0 0 0 3px rgba(22,119,255,.2)' : undefined,
        fontSize: 12,
      }}
    >
      <Handle type="target" position={Position.Left} style={{ width: 10, height: 10 }} />
      <div style={{ padding: '6px 10px', borderBottom: '1px solid #f0f0f0', display: 'flex', gap: 6 }}>
        <Tag color={KIND_COLORS[node.kind]} style={{ marginInlineEnd: 0 }}>
          {KIND_LABELS[node.kind] ?? node.kind}
        </Tag>
        {entry && <Tag color="green">入口</Tag>}
        <Typography.Text strong ellipsis style={{ flex: 1 }}>
          {node.title || id}
        </Typography.Text>
      </div>
      <div style={{ padding: '6px 10px', color: '#595959' }}>
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0, fontSize: 12 }}>
          {variantText(node.variants?.[0]) ||
            (node.kind === 'jump' ? `→ ${node.target ?? '(未设置)'}` : '(无话术)')}
        </Typography.Paragraph>
      </div>
      {problems.length > 0 && (
        <div
          data-testid={`node-problems-${id}`}
          style={{ padding: '4px 10px', background: errors.length ? '#fff2f0' : '#fffbe6' }}
        >
          {problems.map((p, i) => (
            <div key={i} style={{ color: p.severity === 'error' ? '#cf1322' : '#ad6800' }}>
              {p.severity === 'error' ? <ExclamationCircleFilled /> : <WarningFilled />} {p.message}
            </div>
          ))}
        </div>
      )}
      {branches.map((b, i) => (
        <div
          key={i}
          style={{ position: 'relative', padding: '3px 14px 3px 10px', borderTop: '1px dashed #f0f0f0' }}
        >
          <Tooltip title={`→ ${b.target}`}>
            <Typography.Text ellipsis style={{ fontSize: 12, maxWidth: 200 }}>
              {branchLabel(b)}
            </Typography.Text>
          </Tooltip>
          <Handle id={`b${i}`} type="source" position={Position.Right} style={{ background: '#1677ff' }} />
        </div>
      ))}
      {node.kind === 'say' && node.listen === false && (
        <div style={{ position: 'relative', padding: '3px 10px', borderTop: '1px dashed #f0f0f0' }}>
          继续
          <Handle id="next" type="source" position={Position.Right} />
        </div>
      )}
      {node.kind === 'jump' && <Handle id="target" type="source" position={Position.Right} />}
      {node.kind === 'say' && (
        <div
          style={{
            position: 'relative',
            padding: '3px 10px',
            borderTop: '1px dashed #f0f0f0',
            color: '#8c8c8c',
          }}
        >
          + 拖出新分支
          <Handle
            id="new"
            data-testid={`new-branch-${id}`}
            type="source"
            position={Position.Right}
            style={{ background: '#52c41a', width: 10, height: 10 }}
          />
        </div>
      )}
    </div>
  );
}

const nodeTypes = { script: memo(ScriptNodeView) };

export interface ScriptCanvasProps {
  doc: ScriptDefinition;
  problems: Map<string, ScriptProblem[]>;
  selected: string | undefined;
  onSelect: (id: string | undefined) => void;
  onChange: (doc: ScriptDefinition) => void;
}

export default function ScriptCanvas({ doc, problems, selected, onSelect, onChange }: ScriptCanvasProps) {
  const entries = useMemo(() => new Set((doc.flows ?? []).map((f) => f.entry)), [doc.flows]);
  const [nodes, setNodes] = useState<CanvasNode[]>([]);

  // Rebuilt from the definition on every edit, keeping what React Flow measured (sizes) in between.
  useEffect(() => {
    const positions = positionsOf(doc);
    setNodes((prev) => {
      const old = new Map(prev.map((n) => [n.id, n]));
      return Object.entries(doc.nodes).map(([id, node]) => ({
        ...old.get(id),
        id,
        type: 'script' as const,
        position: positions[id]!,
        selected: id === selected,
        data: { id, node, problems: problems.get(id) ?? [], entry: entries.has(id) },
      }));
    });
  }, [doc, problems, selected, entries]);

  const edges: Edge[] = useMemo(
    () =>
      linksOf(doc).map((l) => ({
        id: l.id,
        source: l.source,
        sourceHandle: l.handle,
        target: l.target,
        label: l.label,
        labelStyle: { fontSize: 11 },
        markerEnd: { type: MarkerType.ArrowClosed },
      })),
    [doc],
  );

  const onNodesChange = (changes: NodeChange<CanvasNode>[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns));
    const moved = changes.filter((c) => c.type === 'position' && c.dragging === false && c.position);
    if (moved.length > 0) {
      const layout = { ...positionsOf(doc) };
      for (const c of moved) if (c.type === 'position' && c.position) layout[c.id] = c.position;
      onChange({ ...doc, layout });
    }
    const removed = changes.filter((c) => c.type === 'remove');
    if (removed.length > 0) {
      onSelect(undefined);
      onChange(removed.reduce((d, c) => withNode(d, c.id, undefined), doc));
    }
  };

  return (
    <div data-testid="script-canvas" style={{ height: '100%', minHeight: 560 }}>
      <ReactFlow<CanvasNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={(changes) => {
          let next = doc;
          for (const c of changes) if (c.type === 'remove') next = disconnect(next, c.id);
          if (next !== doc) onChange(next);
        }}
        onConnect={(c) => {
          if (c.source && c.target && c.sourceHandle)
            onChange(connect(doc, c.source, c.sourceHandle, c.target));
        }}
        onNodeClick={(_e, n) => onSelect(n.id)}
        onPaneClick={() => onSelect(undefined)}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.2}
      >
        <Background />
        <Controls />
        <MiniMap pannable zoomable />
      </ReactFlow>
    </div>
  );
}
